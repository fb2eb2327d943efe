package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Tensor;

/** y = floor(x). dx = 0: a step function is flat almost everywhere. */
public final class FloorOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        return Kernels.unary(UnaryOp.FLOOR, in[0], 0, 0);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {Tensor.zerosLike(g)};
    }
}
