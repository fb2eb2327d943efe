package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.autograd.GradMode;
import dev.descent.backend.BinaryOp;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Tensor;

/** y = x if x > 0 else s x. dx = g (x > 0 ? 1 : s). */
public final class LeakyReluOp extends Function {
    private final double slope;

    public LeakyReluOp(double slope) {
        this.slope = slope;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        ctx.saveForBackward(in[0]);
        return Kernels.unary(UnaryOp.LEAKY_RELU, in[0], slope, 0);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor x = ctx.saved(0);
        if (!GradMode.isEnabled()) return new Tensor[] {Kernels.binary(BinaryOp.LEAKY_RELU_BACKWARD, g, x, slope)};
        Tensor factor = x.gt(0).to(g.dtype()).mul(1 - slope).add(slope);
        return new Tensor[] {g.mul(factor)};
    }
}
