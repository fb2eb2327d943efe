package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.BinaryOp;
import dev.descent.backend.ReduceOp;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * The variance over dims (all when null) with the given correction: sum (x - mean)^2 / max(0, N - correction), N the
 * number of elements reduced. dx = 2 g (x - mean) / (N - correction), as PyTorch writes it: the mean's own share of the
 * gradient is zero and is left out. With N = correction over the whole tensor the gradient is g inf (where x equals its
 * mean; NaN elsewhere), as in PyTorch, rather than the NaN of inf - inf.
 */
public final class VarOp extends Function {
    private final int[] dims;
    private final int correction;
    private final boolean keepdim;

    public VarOp(int[] dims, int correction, boolean keepdim) {
        this.dims = dims == null ? null : dims.clone();
        this.correction = correction;
        this.keepdim = keepdim;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        if (!x.dtype().isFloatingPoint())
            throw new IllegalArgumentException(
                    "var: expected a floating point tensor, got " + x.dtype().label());
        boolean[] mask = Kernels.reduceMask(x.shape(), dims);
        int n = count(x.shape(), mask);
        Tensor count = number(n, x);
        Tensor mean = Kernels.binary(BinaryOp.DIV, Kernels.reduce(ReduceOp.SUM, x, mask), count, 1);
        // One correction step, mean += mean(x - mean): it removes the rounding of the first sum, so that a constant
        // slice has variance exactly 0 (and std the zero gradient that goes with it), as PyTorch's Welford pass gives.
        Tensor residual = Kernels.reduce(ReduceOp.SUM, Kernels.binary(BinaryOp.SUB, x, mean, 1), mask);
        mean = Kernels.binary(BinaryOp.ADD, mean, Kernels.binary(BinaryOp.DIV, residual, count, 1), 1);
        Tensor centered = Kernels.binary(BinaryOp.SUB, x, mean, 1);
        Tensor sum = Kernels.reduce(ReduceOp.SUM_SQUARES, centered, mask);
        // Of nothing the variance is undefined, whatever the correction: NaN, as in PyTorch.
        Tensor var = Kernels.binary(BinaryOp.DIV, sum, number(n == 0 ? 0 : Math.max(0, n - correction), x), 1);
        ctx.saveForBackward(x);
        return keepdim
                ? var
                : var.reshape(Kernels.squeezedShape(x.shape(), mask).toArray());
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {gradient(ctx.saved(0), g)};
    }

    /** dx for the gradient g of the variance; {@link StdOp} reuses it. */
    Tensor gradient(Tensor x, Tensor g) {
        boolean[] mask = Kernels.reduceMask(x.shape(), dims);
        int[] reduced = reduced(mask);
        Tensor kept = g.reshape(Kernels.keptShape(x.shape(), mask).toArray());
        int dof = count(x.shape(), mask) - correction;
        Tensor centered = x.sub(x.mean(reduced, true));
        if (dof == 0 && (dims == null || x.dim() == 0)) {
            // PyTorch's rule for a whole-tensor variance with nothing left to divide by: g inf where x is its mean
            // (a one-element tensor always is), NaN elsewhere.
            Tensor inf = Tensor.scalar(Double.POSITIVE_INFINITY, x.dtype()).to(x.backend());
            Tensor nan = Tensor.scalar(Double.NaN, x.dtype()).to(x.backend());
            return kept.mul(Tensor.where(centered.eq(0L), inf, nan));
        }
        return centered.mul(kept).mul(2.0 / dof);
    }

    static int count(Shape shape, boolean[] mask) {
        int n = 1;
        for (int i = 0; i < mask.length; i++) if (mask[i]) n *= shape.size(i);
        return n;
    }

    static int[] reduced(boolean[] mask) {
        int n = 0;
        for (boolean m : mask) if (m) n++;
        int[] out = new int[n];
        for (int i = 0, k = 0; i < mask.length; i++) if (mask[i]) out[k++] = i;
        return out;
    }

    private static Tensor number(double v, Tensor like) {
        Tensor s = Kernels.empty(Shape.SCALAR, like.dtype(), like);
        like.backend().fill(s, v);
        return s;
    }
}
