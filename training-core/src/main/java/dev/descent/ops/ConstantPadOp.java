package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * Pads the last dimensions with a constant: {@code pads} lists (before, after) pairs starting from the last dimension,
 * as in PyTorch's F.pad. dx = the interior of g.
 */
public final class ConstantPadOp extends Function {
    private final int[] pads;
    private final double value;

    public ConstantPadOp(int[] pads, double value) {
        if (pads.length % 2 != 0)
            throw new IllegalArgumentException(
                    "pad: padding length must be even (before/after pairs), got " + pads.length);
        for (int p : pads)
            if (p < 0) throw new IllegalArgumentException("pad: negative padding " + p + " is not supported");
        this.pads = pads.clone();
        this.value = value;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        if (pads.length / 2 > x.dim()) {
            throw new IllegalArgumentException(
                    "pad: " + pads.length / 2 + " padded dimensions for a " + x.dim() + "-dim input " + x.shape());
        }
        int[] sizes = x.sizes();
        for (int i = 0; i < pads.length / 2; i++) sizes[x.dim() - 1 - i] += pads[2 * i] + pads[2 * i + 1];
        Tensor out = Kernels.empty(Shape.of(sizes), x.dtype(), x);
        if (Double.doubleToRawLongBits(value) != 0) x.backend().fill(out, value); // -0.0 too
        x.backend().copy(x, interior(out, x.sizes()));
        return out;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {interiorOp(g, ctx.inputShape(0).toArray())};
    }

    private Tensor interior(Tensor padded, int[] inner) {
        Tensor v = padded;
        for (int i = 0; i < pads.length / 2; i++) {
            int d = padded.dim() - 1 - i;
            v = SliceOp.view(v, d, pads[2 * i], pads[2 * i] + inner[d], 1);
        }
        return v;
    }

    private Tensor interiorOp(Tensor g, int[] inner) {
        Tensor v = g;
        for (int i = 0; i < pads.length / 2; i++) {
            int d = g.dim() - 1 - i;
            v = v.narrow(d, pads[2 * i], inner[d]);
        }
        return v;
    }
}
