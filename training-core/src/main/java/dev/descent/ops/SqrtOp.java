package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Tensor;

/** y = sqrt(x). dx = g / (2y). */
public final class SqrtOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor y = Kernels.unary(UnaryOp.SQRT, in[0], 0, 0);
        ctx.saveForBackward(y);
        return y;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {g.div(ctx.saved(0).mul(2))};
    }
}
