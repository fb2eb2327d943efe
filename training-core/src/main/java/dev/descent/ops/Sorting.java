package dev.descent.ops;

import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * The order of the elements along a dimension, for sort, argsort and topk: a stable sort, with NaN above every number
 * (last ascending, first descending) and -0 equal to 0, as PyTorch orders them. The order is found on the host; values
 * are then gathered through it, so their gradient needs nothing of its own.
 */
public final class Sorting {
    private Sorting() {}

    /** Int64 positions along {@code dim} that sort each slice of x. */
    public static Tensor order(Tensor x, int dim, boolean descending) {
        if (x.dim() == 0) return Tensor.scalar(0, DType.INT64).to(x.backend());
        int d = x.shape().normalize(dim), n = x.size(d);
        int[] sizes = x.sizes();
        int stride = 1;
        for (int i = d + 1; i < sizes.length; i++) stride *= sizes[i];
        int inner = stride, outer = x.numel() == 0 ? 0 : x.numel() / (n * inner);
        long[] out = new long[x.numel()];
        Integer[] perm = new Integer[n];
        double[] floats = x.dtype().isFloatingPoint() ? x.contiguous().toDoubleArray() : null;
        long[] ints = floats == null ? x.contiguous().toLongArray() : null;
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * n * inner + in;
                for (int i = 0; i < n; i++) perm[i] = i;
                Arrays.sort(perm, (a, b) -> {
                    int pa = base + a * inner, pb = base + b * inner;
                    int c = floats != null ? compare(floats[pa], floats[pb]) : Long.compare(ints[pa], ints[pb]);
                    return descending ? -c : c;
                });
                for (int i = 0; i < n; i++) out[base + i * inner] = perm[i];
            }
        }
        return Tensor.fromArray(out, sizes).to(x.backend());
    }

    /** NaN above everything, -0 equal to 0. */
    private static int compare(double a, double b) {
        if (a < b) return -1;
        if (a > b) return 1;
        boolean na = Double.isNaN(a), nb = Double.isNaN(b);
        return na == nb ? 0 : na ? 1 : -1;
    }
}
