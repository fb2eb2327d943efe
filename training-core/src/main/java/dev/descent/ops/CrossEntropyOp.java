package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.autograd.GradMode;
import dev.descent.backend.BinaryOp;
import dev.descent.backend.ReduceOp;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * Per-sample cross-entropy of logits x [N, C] against class indices t [N] (int64, already checked to lie in [0, C)),
 * with label smoothing e: with log p = log_softmax(x) computed stably (shifted by the row maximum), loss_i = -(1 - e)
 * log p_i[t_i] - (e / C) sum_c log p_i[c]. dx_i = g_i (softmax(x_i) - (1 - e) onehot(t_i) - e / C). Fused: forward is
 * one log-softmax and a gather, backward one exp and a scatter, with no graph in between.
 */
public final class CrossEntropyOp extends Function {
    private final Tensor target;
    private final double smoothing;

    public CrossEntropyOp(Tensor target, double smoothing) {
        this.target = target;
        this.smoothing = smoothing;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        int n = x.size(0), c = x.size(1);
        boolean[] classes = {false, true};
        Tensor shifted = Kernels.binary(BinaryOp.SUB, x, Kernels.reduce(ReduceOp.MAX, x, classes), 1);
        Tensor logSumExp = Kernels.unary(
                UnaryOp.LOG, Kernels.reduce(ReduceOp.SUM, Kernels.unary(UnaryOp.EXP, shifted, 0, 0), classes), 0, 0);
        Tensor logp = Kernels.binary(BinaryOp.SUB, shifted, logSumExp, 1);
        Tensor loss = Kernels.empty(Shape.of(n, 1), x.dtype(), x);
        x.backend().gather(logp, 1, target.reshape(n, 1), loss);
        x.backend().binary(BinaryOp.MUL, loss, Kernels.broadcastTo(scalar(-(1 - smoothing), x), loss.shape()), loss, 0);
        if (smoothing > 0) {
            Tensor rowSums = Kernels.reduce(ReduceOp.SUM, logp, classes);
            x.backend().binary(BinaryOp.ADD, loss, rowSums, loss, -smoothing / c);
        }
        ctx.saveForBackward(x, logp);
        return loss.reshape(n);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor x = ctx.saved(0), logp = ctx.saved(1);
        int n = x.size(0), c = x.size(1);
        Tensor gColumn = g.reshape(n, 1);
        if (GradMode.isEnabled()) {
            // A graph of this backward is being recorded: build it from differentiable ops.
            Tensor onehot = target.oneHot(c).to(x.dtype());
            Tensor targetDist = onehot.mul(1 - smoothing).add(smoothing / c);
            return new Tensor[] {x.softmax(1).sub(targetDist).mul(gColumn)};
        }
        Tensor dx = Kernels.unary(UnaryOp.EXP, logp, 0, 0);
        Tensor hit = Kernels.broadcastTo(scalar(-(1 - smoothing), x), Shape.of(n, 1));
        x.backend().scatterAdd(dx, 1, target.reshape(n, 1), hit);
        if (smoothing > 0)
            x.backend().binary(BinaryOp.SUB, dx, Kernels.broadcastTo(scalar(smoothing / c, x), dx.shape()), dx, 1);
        x.backend().binary(BinaryOp.MUL, dx, Kernels.broadcastTo(Kernels.cast(gColumn, x.dtype()), dx.shape()), dx, 0);
        return new Tensor[] {dx};
    }

    private static Tensor scalar(double v, Tensor like) {
        Tensor s = Kernels.empty(Shape.SCALAR, like.dtype(), like);
        like.backend().fill(s, v);
        return s;
    }
}
