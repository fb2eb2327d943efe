package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.BinaryOp;
import dev.descent.backend.ReduceOp;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Tensor;

/** y = exp(x - max) / sum(exp(x - max)) along dim. dx = y (g - sum(g y)). */
public final class SoftmaxOp extends Function {
    private final int dim;

    public SoftmaxOp(int dim) {
        this.dim = dim;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        boolean[] mask = Kernels.reduceMask(x.shape(), new int[] {dim});
        if (x.numel() == 0) { // nothing to normalise; the max below would have no elements
            Tensor empty = Kernels.copy(x);
            ctx.saveForBackward(empty);
            return empty;
        }
        if (!x.dtype().isFloatingPoint())
            throw new IllegalArgumentException(name().replace("Backward", "").toLowerCase(java.util.Locale.ROOT)
                    + " needs a floating-point tensor, got " + x.dtype().label());
        Tensor shifted = Kernels.binary(BinaryOp.SUB, x, Kernels.reduce(ReduceOp.MAX, x, mask), 1);
        Tensor e = Kernels.unary(UnaryOp.EXP, shifted, 0, 0);
        Tensor y = Kernels.binary(BinaryOp.DIV, e, Kernels.reduce(ReduceOp.SUM, e, mask), 1);
        ctx.saveForBackward(y);
        return y;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor y = ctx.saved(0);
        return new Tensor[] {y.mul(g.sub(g.mul(y).sum(dim, true)))};
    }
}
