package dev.descent.optim;

import dev.descent.tensor.Tensor;

/**
 * Rectified Adam (Liu et al.): Adam whose adaptive step is switched on only once the variance of the adaptive rate is
 * tractable, and then scaled by the rectification r_t. With ρ_∞ = 2 / (1 - β2) - 1 and ρ_t = ρ_∞ - 2 t β2^t / (1 -
 * β2^t):
 *
 * <pre>
 *   v  = β1 v + (1 - β1) dW,   s = β2 s + (1 - β2) dW²,   v̂ = v / (1 - β1^t)
 *   ρ_t > 5:  r_t = √((ρ_t - 4)(ρ_t - 2) ρ_∞ / ((ρ_∞ - 4)(ρ_∞ - 2) ρ_t)),   W -= α r_t v̂ √(1 - β2^t) / (√s + ε)
 *   else:     W -= α v̂
 * </pre>
 *
 * Weight decay λ is the coupled L2 form (dW += λW first). Defaults: β1 0.9, β2 0.999, ε 1e-8.
 */
public final class RAdam extends Optimizer<RAdam.Hyper> {

    public record Hyper(double beta1, double beta2, double eps, double weightDecay) {
        public static final Hyper DEFAULT = new Hyper(0.9, 0.999, 1e-8, 0);

        public Hyper {
            Check.unitOpen("beta1", "beta1", beta1);
            Check.unitOpen("beta2", "beta2", beta2);
            Check.nonNegative("eps", "eps", eps);
            Check.nonNegative("weightDecay", "weight decay", weightDecay);
        }
    }

    public RAdam(Iterable<? extends Tensor> params, double lr) {
        this(params, lr, Hyper.DEFAULT);
    }

    public RAdam(Iterable<? extends Tensor> params, double lr, Hyper hyper) {
        super(params, lr, hyper);
    }

    @Override
    protected void update(Tensor w, Tensor grad, double lr, Hyper h, ParamState s) {
        long t = s.advance();
        Tensor dW = h.weightDecay() != 0 ? grad.add(w, h.weightDecay()) : grad;
        Tensor v = s.buffer("exp_avg", () -> Tensor.zerosLike(w));
        Tensor sq = s.buffer("exp_avg_sq", () -> Tensor.zerosLike(w));
        v.lerp_(dW, 1 - h.beta1());
        sq.mulAddcmul_(h.beta2(), dW, dW, 1 - h.beta2());
        double correction1 = 1 - Math.pow(h.beta1(), (double) t), correction2 = 1 - Math.pow(h.beta2(), (double) t);
        double rhoInf = 2 / (1 - h.beta2()) - 1;
        double rho = rhoInf - 2 * t * Math.pow(h.beta2(), (double) t) / correction2;
        if (rho > 5) {
            double rect = Math.sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
            w.addcdivSqrt_(v, sq, -lr * rect * Math.sqrt(correction2) / correction1, h.eps());
        } else {
            w.add_(v, -lr / correction1);
        }
    }
}
