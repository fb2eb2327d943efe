package dev.descent.optim;

import dev.descent.tensor.Tensor;

/**
 * Adadelta (Zeiler), with PyTorch's learning rate α (default 1) scaling the step. With s and u starting at 0:
 *
 * <pre>
 *   s  = ρ s + (1 - ρ) dW²
 *   Δ  = √(u + ε) / √(s + ε) · dW
 *   u  = ρ u + (1 - ρ) Δ²
 *   W -= α Δ
 * </pre>
 */
public final class Adadelta extends Optimizer<Adadelta.Hyper> {

    public record Hyper(double rho, double eps, double weightDecay) {
        public static final Hyper DEFAULT = new Hyper(0.9, 1e-6, 0);

        public Hyper {
            Check.unitOpen("rho", "rho", rho);
            Check.nonNegative("eps", "eps", eps);
            Check.nonNegative("weightDecay", "weight decay", weightDecay);
        }
    }

    public Adadelta(Iterable<? extends Tensor> params) {
        this(params, 1.0);
    }

    public Adadelta(Iterable<? extends Tensor> params, double lr) {
        this(params, lr, Hyper.DEFAULT);
    }

    public Adadelta(Iterable<? extends Tensor> params, double lr, Hyper hyper) {
        super(params, lr, hyper);
    }

    @Override
    protected void update(Tensor w, Tensor grad, double lr, Hyper h, ParamState s) {
        s.advance();
        double rho = h.rho();
        Tensor dW = h.weightDecay() != 0 ? grad.add(w, h.weightDecay()) : grad;
        Tensor sq = s.buffer("square_avg", () -> Tensor.zerosLike(w));
        Tensor u = s.buffer("acc_delta", () -> Tensor.zerosLike(w));
        sq.mulAddcmul_(rho, dW, dW, 1 - rho);
        Tensor delta = u.add(h.eps()).sqrt_().div_(sq.add(h.eps()).sqrt_()).mul_(dW);
        u.mulAddcmul_(rho, delta, delta, 1 - rho);
        w.add_(delta, -lr);
    }
}
