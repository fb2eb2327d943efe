package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.BinaryOp;
import dev.descent.backend.ReduceOp;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Tensor;

/** y = x - max - log(sum(exp(x - max))) along dim. dx = g - exp(y) sum(g). */
public final class LogSoftmaxOp extends Function {
    private final int dim;

    public LogSoftmaxOp(int dim) {
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
        Tensor sumExp = Kernels.reduce(ReduceOp.SUM, Kernels.unary(UnaryOp.EXP, shifted, 0, 0), mask);
        Tensor y = Kernels.binary(BinaryOp.SUB, shifted, Kernels.unary(UnaryOp.LOG, sumExp, 0, 0), 1);
        ctx.saveForBackward(y);
        return y;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor y = ctx.saved(0);
        return new Tensor[] {g.sub(y.exp().mul(g.sum(dim, true)))};
    }
}
