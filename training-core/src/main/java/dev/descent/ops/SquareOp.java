package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Tensor;

/** y = x^2. dx = 2 g x. */
public final class SquareOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        ctx.saveForBackward(in[0]);
        return Kernels.unary(UnaryOp.SQUARE, in[0], 0, 0);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {g.mul(ctx.saved(0)).mul(2)};
    }
}
