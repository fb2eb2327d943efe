package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.BinaryOp;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/** y = x rounded towards zero: ceil below 0, floor above. dx = 0. */
public final class TruncOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        if (x.dtype() == dev.descent.backend.DType.BOOL)
            throw new IllegalArgumentException("trunc is not defined for bool tensors; convert it first");
        if (!x.dtype().isFloatingPoint()) return Kernels.copy(x);
        Tensor negative = Kernels.compare(BinaryOp.LT, x, Kernels.empty(Shape.SCALAR, x.dtype(), x));
        Tensor out = Kernels.empty(x.shape(), x.dtype(), x);
        x.backend().where(negative, Kernels.unary(UnaryOp.CEIL, x, 0, 0), Kernels.unary(UnaryOp.FLOOR, x, 0, 0), out);
        return out;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {Tensor.zerosLike(g)};
    }
}
