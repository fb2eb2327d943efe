package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.BinaryOp;
import dev.descent.tensor.Tensor;

/** z = a^b elementwise. da = g b a^(b-1) (0 where b = 0), db = g a^b ln(a) (0 where a = 0, as in PyTorch). */
public final class PowOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor z = Kernels.binary(BinaryOp.POW, in[0], in[1], 1);
        ctx.saveForBackward(in[0], in[1], z);
        return z;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor a = ctx.saved(0), b = ctx.saved(1), z = ctx.saved(2);
        Tensor da = null;
        if (ctx.needsInputGrad(0)) {
            // Where b = 0, a^b is constant: its gradient is 0, not 0 * a^-1 (NaN at a = 0).
            Tensor nonzero = g.mul(b).mul(a.pow(b.sub(1)));
            da = Tensor.where(b.eq(0), Tensor.zerosLike(nonzero), nonzero);
        }
        Tensor db = null;
        if (ctx.needsInputGrad(1)) {
            Tensor safeLog = Tensor.where(a.eq(0), Tensor.onesLike(a), a).log();
            db = g.mul(z).mul(safeLog);
        }
        return new Tensor[] {da, db};
    }
}
