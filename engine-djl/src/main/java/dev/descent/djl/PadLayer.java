package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.descent.spec.LayerSpec;

/** zero / constant / replication padding of the last two dimensions; padding is [left, right, top, bottom]. */
final class PadLayer implements Layer {
    private final LayerSpec.Pad2d spec;

    PadLayer(LayerSpec.Pad2d spec) {
        this.spec = spec;
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        int[] p = spec.padding();
        if (!spec.mode().equals("replication")) {
            return x.pad(new Shape(p[0], p[1], p[2], p[3]), spec.mode().equals("constant") ? spec.value() : 0);
        }
        int rank = x.getShape().dimension();
        NDArray out = replicate(x, rank - 1, p[0], p[1]);
        return replicate(out, rank - 2, p[2], p[3]);
    }

    /** Repeats the first slice {@code before} times and the last slice {@code after} times along {@code axis}. */
    private static NDArray replicate(NDArray x, int axis, int before, int after) {
        if (before == 0 && after == 0) return x;
        long n = x.getShape().get(axis);
        String lead = ":, ".repeat(axis);
        NDArray out = x;
        if (before > 0) out = x.get(lead + "0:1").repeat(axis, before).concat(out, axis);
        if (after > 0) out = out.concat(x.get(lead + (n - 1) + ":" + n).repeat(axis, after), axis);
        return out;
    }
}
