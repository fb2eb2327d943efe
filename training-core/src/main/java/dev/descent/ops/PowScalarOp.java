package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.DType;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Tensor;

/** y = x^p for a constant p. dx = g p x^(p-1). */
public final class PowScalarOp extends Function {
    private final double p;

    public PowScalarOp(double p) {
        this.p = p;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        if (!x.dtype().isFloatingPoint()) {
            // As in PyTorch: a fractional exponent makes the result float; a negative whole one has no integer result.
            if (p != Math.rint(p)) x = Kernels.cast(x, DType.FLOAT32);
            else if (p < 0)
                throw new IllegalArgumentException("pow: integers to negative integer powers are not allowed ("
                        + x.dtype().label() + " tensor to the power " + p + ")");
        }
        ctx.saveForBackward(x);
        return Kernels.unary(UnaryOp.POW, x, p, 0);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        if (p == 0) return new Tensor[] {g.mul(0)};
        return new Tensor[] {g.mul(ctx.saved(0).pow(p - 1)).mul(p)};
    }
}
