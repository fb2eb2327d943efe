package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.autograd.GradMode;
import dev.descent.backend.BinaryOp;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Tensor;

/**
 * y = 0.5 x (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3). dx = g (0.5 (1 + tanh u) + 0.5 x (1 - tanh^2 u)
 * sqrt(2/pi) (1 + 3 * 0.044715 x^2)).
 */
public final class GeluTanhOp extends Function {
    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        ctx.saveForBackward(in[0]);
        return Kernels.unary(UnaryOp.GELU_TANH, in[0], 0, 0);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor x = ctx.saved(0);
        if (!GradMode.isEnabled()) return new Tensor[] {Kernels.binary(BinaryOp.GELU_TANH_BACKWARD, g, x, 0)};
        double k = Math.sqrt(2 / Math.PI);
        Tensor th = x.add(x.pow(3).mul(0.044715)).mul(k).tanh();
        Tensor du = x.square().mul(3 * 0.044715).add(1).mul(k);
        Tensor d = th.add(1).mul(0.5).add(x.mul(0.5).mul(th.square().rsub(1)).mul(du));
        return new Tensor[] {g.mul(d)};
    }
}
