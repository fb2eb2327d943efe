package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.autograd.GradMode;
import dev.descent.backend.BinaryOp;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Tensor;

/** y = x Phi(x), Phi the standard normal CDF. dx = g (Phi(x) + x phi(x)). */
public final class GeluOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        ctx.saveForBackward(in[0]);
        return Kernels.unary(UnaryOp.GELU, in[0], 0, 0);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor x = ctx.saved(0);
        if (!GradMode.isEnabled()) return new Tensor[] {Kernels.binary(BinaryOp.GELU_BACKWARD, g, x, 0)};
        Tensor cdf = x.mul(Math.sqrt(0.5)).erf().add(1).mul(0.5);
        Tensor pdf = x.square().mul(-0.5).exp().mul(1 / Math.sqrt(2 * Math.PI));
        return new Tensor[] {g.mul(cdf.add(x.mul(pdf)))};
    }
}
