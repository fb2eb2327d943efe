package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.BinaryOp;
import dev.descent.tensor.Tensor;

/** z = a - b floor(a / b), with the sign of b (Python's %). da = g, db = -g floor(a / b). */
public final class RemainderOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        ctx.saveForBackward(ctx.needsInputGrad(1) ? in[0] : null, ctx.needsInputGrad(1) ? in[1] : null);
        return Kernels.binary(BinaryOp.REMAINDER, in[0], in[1], 1);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor[] s = ctx.saved();
        return new Tensor[] {
            g, ctx.needsInputGrad(1) ? g.mul(s[0].floorDivide(s[1])).neg() : null
        };
    }
}
