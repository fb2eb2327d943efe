package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.tensor.Tensor;

/**
 * y = src broadcast and converted to self's shape and dtype: what copy_ and fill_ leave in self inside a graph. dself =
 * 0 (its values are gone), dsrc = g (summed back over what was broadcast).
 */
public final class OverwriteOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor self = in[0];
        Tensor out = Kernels.empty(self.shape(), self.dtype(), self);
        self.backend().copy(Kernels.broadcastTo(Kernels.cast(in[1], self.dtype()), self.shape()), out);
        return out;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {Tensor.zerosLike(g), ctx.needsInputGrad(1) ? g : null};
    }
}
