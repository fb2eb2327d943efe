package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Tensor;

/** y = sign(x) (-1, 0 or 1; NaN stays NaN). dx = 0: a step function is flat almost everywhere. */
public final class SignOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        return Kernels.unary(UnaryOp.SIGN, in[0], 0, 0);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {Tensor.zerosLike(g)};
    }
}
