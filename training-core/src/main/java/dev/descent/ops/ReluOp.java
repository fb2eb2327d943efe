package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.autograd.GradMode;
import dev.descent.backend.BinaryOp;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Tensor;

/** y = max(x, 0). dx = g * (x > 0). */
public final class ReluOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        ctx.saveForBackward(in[0]);
        return Kernels.unary(UnaryOp.RELU, in[0], 0, 0);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor x = ctx.saved(0);
        if (GradMode.isEnabled()) return new Tensor[] {g.mul(x.gt(0))};
        return new Tensor[] {Kernels.binary(BinaryOp.RELU_BACKWARD, g, x, 0)};
    }
}
