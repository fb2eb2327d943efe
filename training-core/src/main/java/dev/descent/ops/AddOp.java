package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.BinaryOp;
import dev.descent.tensor.Tensor;

/** z = a + alpha b. da = g, db = alpha g (the engine sums broadcast dimensions back). */
public final class AddOp extends Function {
    private final double alpha;

    public AddOp(double alpha) {
        this.alpha = alpha;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        return Kernels.binary(BinaryOp.ADD, in[0], in[1], alpha);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {g, !ctx.needsInputGrad(1) ? null : alpha == 1 ? g : g.mul(alpha)};
    }
}
