package dev.descent.optim;

import dev.descent.tensor.Tensor;

/**
 * RMSprop in the classic form, with s starting at 0 and ε outside the square root (as PyTorch does):
 *
 * <pre>
 *   s  = β s + (1 - β) dW²
 *   W -= α dW / (√s + ε)
 * </pre>
 *
 * PyTorch's options: weight decay λ adds λW to dW first; {@code centered} divides by the estimated standard deviation
 * instead, √(s - m²) + ε with m = β m + (1 - β) dW; momentum μ accumulates the scaled step, b = μ b + dW / (√s + ε), W
 * -= α b. β is PyTorch's {@code alpha}.
 */
public final class RMSprop extends Optimizer<RMSprop.Hyper> {

    public record Hyper(double beta, double eps, double weightDecay, double momentum, boolean centered) {
        public static final Hyper DEFAULT = new Hyper(0.99, 1e-8, 0, 0, false);

        public Hyper {
            Check.unitOpen("beta", "beta", beta);
            Check.nonNegative("eps", "eps", eps);
            Check.nonNegative("weightDecay", "weight decay", weightDecay);
            Check.unitOpen("momentum", "momentum", momentum);
        }
    }

    public RMSprop(Iterable<? extends Tensor> params, double lr) {
        this(params, lr, Hyper.DEFAULT);
    }

    public RMSprop(Iterable<? extends Tensor> params, double lr, double beta, double eps) {
        this(params, lr, new Hyper(beta, eps, 0, 0, false));
    }

    public RMSprop(Iterable<? extends Tensor> params, double lr, Hyper hyper) {
        super(params, lr, hyper);
    }

    @Override
    protected void update(Tensor w, Tensor grad, double lr, Hyper h, ParamState s) {
        s.advance();
        double beta = h.beta();
        Tensor dW = h.weightDecay() != 0 ? grad.add(w, h.weightDecay()) : grad;
        Tensor sq = s.buffer("square_avg", () -> Tensor.zerosLike(w));
        sq.mulAddcmul_(beta, dW, dW, 1 - beta);
        if (!h.centered() && h.momentum() == 0) {
            w.addcdivSqrt_(dW, sq, -lr, h.eps()); // the common case: two fused passes in all
            return;
        }
        Tensor denom;
        if (h.centered()) {
            Tensor m = s.buffer("grad_avg", () -> Tensor.zerosLike(w));
            m.mul_(beta).add_(dW, 1 - beta);
            denom = sq.sub(m.square()).sqrt_().add_(h.eps());
        } else {
            denom = sq.sqrt().add_(h.eps());
        }
        if (h.momentum() > 0) {
            Tensor b = s.buffer("momentum_buffer", () -> Tensor.zerosLike(w));
            b.mul_(h.momentum()).addcdiv_(dW, denom, 1);
            w.add_(b, -lr);
        } else {
            w.addcdiv_(dW, denom, -lr);
        }
    }
}
