package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.BinaryOp;
import dev.descent.tensor.Tensor;

/** z = a - b trunc(a / b), with the sign of a (C's fmod). da = g, db = -g trunc(a / b). */
public final class FmodOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        ctx.saveForBackward(ctx.needsInputGrad(1) ? in[0] : null, ctx.needsInputGrad(1) ? in[1] : null);
        return Kernels.binary(BinaryOp.FMOD, in[0], in[1], 1);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor[] s = ctx.saved();
        return new Tensor[] {
            g, ctx.needsInputGrad(1) ? g.mul(s[0].div(s[1]).trunc()).neg() : null
        };
    }
}
