package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.tensor.Tensor;

/**
 * Elementwise binary cross-entropy of probabilities p against targets y, with the logs clamped to >= -100: l = -(y
 * max(log p, -100) + (1 - y) max(log(1 - p), -100)). dp = g (p - y) / max(p (1 - p), 1e-12), dy = g (max(log(1 - p),
 * -100) - max(log p, -100)). Its own op because the chain rule through the clamped logs gives 0/0 where a sigmoid
 * saturates to exactly 0 or 1; this closed form stays finite there, as PyTorch's does.
 */
public final class BinaryCrossEntropyOp extends Function {
    private static final double LOG_FLOOR = -100, EPSILON = 1e-12;

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor p = in[0], y = in[1];
        ctx.saveForBackward(p, y);
        return y.mul(logP(p)).add(y.rsub(1).mul(log1mP(p))).neg();
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor p = ctx.saved(0), y = ctx.saved(1);
        Tensor dp = ctx.needsInputGrad(0) ? g.mul(p.sub(y)).div(p.mul(p.rsub(1)).clampMin(EPSILON)) : null;
        Tensor dy = ctx.needsInputGrad(1) ? g.mul(log1mP(p).sub(logP(p))) : null;
        return new Tensor[] {dp, dy};
    }

    private static Tensor logP(Tensor p) {
        return p.log().clampMin(LOG_FLOOR);
    }

    private static Tensor log1mP(Tensor p) {
        return p.rsub(1).log().clampMin(LOG_FLOOR);
    }
}
