package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Tensor;

/** y = x^p for a constant p.  dx = g p x^(p-1). */
public final class PowScalar extends Function {
    private final double p;

    public PowScalar(double p) { this.p = p; }

    @Override protected Tensor forward(Context ctx, Tensor... in) {
        ctx.saveForBackward(in[0]);
        return Kernels.unary(UnaryOp.POW, in[0], p, 0);
    }

    @Override protected Tensor[] backward(Context ctx, Tensor g) {
        if (p == 0) return new Tensor[] {g.mul(0)};
        return new Tensor[] {g.mul(ctx.saved(0).pow(p - 1)).mul(p)};
    }
}
