package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.BinaryOp;
import dev.descent.tensor.Tensor;

/** z = a b. da = g b, db = g a. */
public final class MulOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        ctx.saveForBackward(ctx.needsInputGrad(1) ? in[0] : null, ctx.needsInputGrad(0) ? in[1] : null);
        return Kernels.binary(BinaryOp.MUL, in[0], in[1], 1);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor[] s = ctx.saved();
        return new Tensor[] {ctx.needsInputGrad(0) ? g.mul(s[1]) : null, ctx.needsInputGrad(1) ? g.mul(s[0]) : null};
    }
}
