package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/** z = cond ? a : b. da = g where cond, db = g where not cond; cond gets no gradient. */
public final class WhereOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor cond = in[0].to(DType.BOOL), a = in[1], b = in[2];
        ctx.saveForBackward(cond);
        DType dt = Kernels.resultType(a, b);
        Shape shape = Shape.broadcast(Shape.broadcast(cond.shape(), a.shape()), b.shape());
        Tensor out = Kernels.empty(shape, dt, a);
        a.backend()
                .where(
                        Kernels.broadcastTo(cond, shape),
                        Kernels.broadcastTo(Kernels.cast(a, dt), shape),
                        Kernels.broadcastTo(Kernels.cast(b, dt), shape),
                        out);
        return out;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor cond = ctx.saved(0);
        Tensor zero = Tensor.zerosLike(g).sum();
        return new Tensor[] {
            null,
            ctx.needsInputGrad(1) ? Tensor.where(cond, g, zero) : null,
            ctx.needsInputGrad(2) ? Tensor.where(cond, zero, g) : null
        };
    }
}
