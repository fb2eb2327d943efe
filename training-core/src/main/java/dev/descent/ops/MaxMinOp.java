package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.BinaryOp;
import dev.descent.tensor.Tensor;

/**
 * z = maximum(a, b) (or minimum). The gradient goes to the operand that was chosen; on ties it is split evenly between
 * the two, as in PyTorch.
 */
public final class MaxMinOp extends Function {
    private final boolean max;

    public MaxMinOp(boolean max) {
        this.max = max;
    }

    @Override
    public String name() {
        return max ? "MaximumBackward" : "MinimumBackward";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        ctx.saveForBackward(in[0], in[1]);
        return Kernels.binary(max ? BinaryOp.MAXIMUM : BinaryOp.MINIMUM, in[0], in[1], 1);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor a = ctx.saved(0), b = ctx.saved(1);
        Tensor wins = (max ? a.gt(b) : a.lt(b))
                .to(g.dtype())
                .add(a.eq(b).to(g.dtype()).mul(0.5));
        return new Tensor[] {
            ctx.needsInputGrad(0) ? g.mul(wins) : null, ctx.needsInputGrad(1) ? g.mul(wins.rsub(1)) : null
        };
    }
}
