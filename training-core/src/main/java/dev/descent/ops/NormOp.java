package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.ReduceOp;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * The vector p-norm over dims (all when null): (sum |x|^p)^(1/p); p = inf is max |x|, -inf min |x|, 0 the count of
 * non-zeros. dx = g x |x|^(p-2) / norm^(p-1), 0 where the norm is 0 (so the 2-norm of a zero vector has gradient 0, not
 * NaN); for p = 1, g sign(x); for +-inf, g sign(x) split evenly among the elements at the extremum; for 0, 0.
 */
public final class NormOp extends Function {
    private final double p;
    private final int[] dims;
    private final boolean keepdim;

    public NormOp(double p, int[] dims, boolean keepdim) {
        this.p = p;
        this.dims = dims == null ? null : dims.clone();
        this.keepdim = keepdim;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        if (!x.dtype().isFloatingPoint())
            throw new IllegalArgumentException("norm: expected a floating point tensor as input, got "
                    + x.dtype().label());
        boolean[] mask = Kernels.reduceMask(x.shape(), dims);
        Tensor out;
        if (p == 2) {
            out = Kernels.unary(UnaryOp.SQRT, Kernels.reduce(ReduceOp.SUM_SQUARES, x, mask), 0, 0);
        } else {
            Tensor abs = Kernels.unary(UnaryOp.ABS, x, 0, 0);
            if (Double.isInfinite(p)) {
                out = Kernels.reduce(p > 0 ? ReduceOp.MAX : ReduceOp.MIN, abs, mask);
            } else if (p == 0) {
                Tensor nonzero = Kernels.cast(Kernels.cast(abs, dev.descent.backend.DType.BOOL), x.dtype());
                out = Kernels.reduce(ReduceOp.SUM, nonzero, mask);
            } else if (p == 1) {
                out = Kernels.reduce(ReduceOp.SUM, abs, mask);
            } else {
                Tensor sum = Kernels.reduce(ReduceOp.SUM, Kernels.unary(UnaryOp.POW, abs, p, 0), mask);
                out = Kernels.unary(UnaryOp.POW, sum, 1 / p, 0);
            }
        }
        Tensor result = keepdim
                ? out
                : out.reshape(Kernels.squeezedShape(x.shape(), mask).toArray());
        // The result itself (not out): it becomes this node's output, so a graph of the backward reaches x through it.
        ctx.saveForBackward(x, result);
        return result;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor x = ctx.saved(0);
        Tensor norm = ctx.saved(1)
                .reshape(Kernels.keptShape(x.shape(), Kernels.reduceMask(x.shape(), dims))
                        .toArray());
        Tensor gk = g.reshape(norm.sizes());
        Tensor zero = Tensor.zerosLike(x.sum());
        if (p == 0) return new Tensor[] {Tensor.zerosLike(x)};
        if (p == 1) return new Tensor[] {x.sign().mul(gk)};
        if (Double.isInfinite(p)) {
            Tensor hits = x.abs().eq(norm).to(x.dtype());
            Tensor share = hits.div(hits.sum(reducedDims(x.shape()), true));
            return new Tensor[] {x.sign().mul(share).mul(gk)};
        }
        Tensor scale = p == 2 ? gk.div(norm) : gk.div(norm.pow(p - 1));
        scale = Tensor.where(norm.eq(0L), zero, scale);
        Tensor scaled = p == 2 ? x : x.mul(x.abs().pow(p - 2));
        return new Tensor[] {scaled.mul(scale)};
    }

    private int[] reducedDims(Shape shape) {
        boolean[] mask = Kernels.reduceMask(shape, dims);
        int n = 0;
        for (boolean m : mask) if (m) n++;
        int[] out = new int[n];
        for (int i = 0, k = 0; i < mask.length; i++) if (mask[i]) out[k++] = i;
        return out;
    }
}
