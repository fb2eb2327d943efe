package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Tensor;

/** y = min(max(x, lo), hi) (NaN bounds are absent). dx = g where lo <= x <= hi, else 0. */
public final class ClampOp extends Function {
    private final double lo, hi;

    public ClampOp(double lo, double hi) {
        if (lo > hi) throw new IllegalArgumentException("clamp: min " + lo + " is greater than max " + hi);
        this.lo = lo;
        this.hi = hi;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        ctx.saveForBackward(in[0]);
        return Kernels.unary(UnaryOp.CLAMP, in[0], lo, hi);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor x = ctx.saved(0);
        Tensor pass = null;
        if (!Double.isNaN(lo)) pass = x.ge(lo);
        if (!Double.isNaN(hi)) pass = pass == null ? x.le(hi) : pass.logicalAnd(x.le(hi));
        return new Tensor[] {pass == null ? g : g.mul(pass)};
    }
}
