package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.BinaryOp;
import dev.descent.tensor.Tensor;

/** z = a / b. da = g / b, db = -g a / b^2. */
public final class DivOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        ctx.saveForBackward(ctx.needsInputGrad(1) ? in[0] : null, in[1]);
        return Kernels.binary(BinaryOp.DIV, in[0], in[1], 1);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor a = ctx.saved(0), b = ctx.saved(1);
        return new Tensor[] {
            ctx.needsInputGrad(0) ? g.div(b) : null,
            ctx.needsInputGrad(1) ? g.mul(a).div(b.square()).neg() : null
        };
    }
}
