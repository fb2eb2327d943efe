package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Tensor;

/** y = -x. dx = -g. */
public final class NegOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        return Kernels.unary(UnaryOp.NEG, in[0], 0, 0);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {g.neg()};
    }
}
