package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.BinaryOp;
import dev.descent.tensor.Tensor;

/**
 * z = floor(a / b), in the operands' promoted dtype (integers stay integers; division by an integer 0 is an error). da
 * = db = 0, as for floor. (PyTorch 1.13 has no derivative for floor_divide and raises.)
 */
public final class FloorDivideOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        return Kernels.binary(BinaryOp.FLOOR_DIVIDE, in[0], in[1], 1);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor zeros = Tensor.zerosLike(g);
        return new Tensor[] {zeros, zeros};
    }
}
