package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.BinaryOp;
import dev.descent.tensor.Tensor;

/** z = a - b. da = g, db = -g. */
public final class SubOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        return Kernels.binary(BinaryOp.SUB, in[0], in[1], 1);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {g, ctx.needsInputGrad(1) ? g.neg() : null};
    }
}
