package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.ReduceOp;
import dev.descent.tensor.Tensor;

/** y = sum(x^2) over all elements, in one pass without materialising x^2. dx = 2 g x. */
public final class SumSquaresOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        ctx.saveForBackward(x);
        return Kernels.reduce(ReduceOp.SUM_SQUARES, x, Kernels.reduceMask(x.shape(), null))
                .reshape();
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {ctx.saved(0).mul(g).mul(2)};
    }
}
