package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Tensor;

/**
 * The standard deviation, sqrt({@link VarOp}). dx = the variance's gradient for g / (2 std), taken as 0 where std is 0
 * (a constant slice), as PyTorch does, instead of the NaN of 0 / 0.
 */
public final class StdOp extends Function {
    private final VarOp var;

    public StdOp(int[] dims, int correction, boolean keepdim) {
        this.var = new VarOp(dims, correction, keepdim);
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor std = Kernels.unary(UnaryOp.SQRT, var.apply(in[0]), 0, 0);
        ctx.saveForBackward(in[0], std);
        return std;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor x = ctx.saved(0), std = ctx.saved(1);
        Tensor half = g.div(std.mul(2L));
        Tensor gVar = Tensor.where(std.eq(0L), Tensor.zerosLike(std.sum()), half);
        return new Tensor[] {var.gradient(x, gVar)};
    }
}
