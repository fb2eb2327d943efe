package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Tensor;

/** y = exp(x). dx = g * y. */
public final class ExpOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor y = Kernels.unary(UnaryOp.EXP, in[0], 0, 0);
        ctx.saveForBackward(y);
        return y;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {g.mul(ctx.saved(0))};
    }
}
