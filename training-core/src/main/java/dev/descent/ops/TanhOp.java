package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.autograd.GradMode;
import dev.descent.backend.BinaryOp;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Tensor;

/** y = tanh(x). dx = g (1 - y^2). */
public final class TanhOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor y = Kernels.unary(UnaryOp.TANH, in[0], 0, 0);
        ctx.saveForBackward(y);
        return y;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor y = ctx.saved(0);
        if (GradMode.isEnabled()) return new Tensor[] {g.mul(y.square().rsub(1))};
        return new Tensor[] {Kernels.binary(BinaryOp.TANH_BACKWARD, g, y, 0)};
    }
}
