package dev.descent.optim;

import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;

/**
 * Adam with Nesterov momentum (Dozat), as PyTorch schedules its momentum: with momentum decay ψ, μ_t = β1 (1 - 0.5 ·
 * 0.96^(t ψ)) and the product Π_t = μ_1 ... μ_t,
 *
 * <pre>
 *   v  = β1 v + (1 - β1) dW
 *   s  = β2 s + (1 - β2) dW²
 *   W -= α (1 - μ_t) / (1 - Π_t) · dW / (√(s / (1 - β2^t)) + ε)
 *   W -= α μ_{t+1} / (1 - Π_t μ_{t+1}) · v / (√(s / (1 - β2^t)) + ε)
 * </pre>
 *
 * The second step divides by 1 - Π_t μ_{t+1}, as the paper and later PyTorch versions do (PyTorch 1.13 multiplies μ_t
 * in twice there). Weight decay λ is the coupled L2 form (dW += λW first). Defaults: β1 0.9, β2 0.999, ε 1e-8, ψ 4e-3;
 * PyTorch's default lr is 2e-3.
 */
public final class NAdam extends Optimizer<NAdam.Hyper> {

    public record Hyper(double beta1, double beta2, double eps, double weightDecay, double momentumDecay) {
        public static final Hyper DEFAULT = new Hyper(0.9, 0.999, 1e-8, 0, 4e-3);

        public Hyper {
            Check.unitOpen("beta1", "beta1", beta1);
            Check.unitOpen("beta2", "beta2", beta2);
            Check.nonNegative("eps", "eps", eps);
            Check.nonNegative("weightDecay", "weight decay", weightDecay);
            Check.nonNegative("momentumDecay", "momentum decay", momentumDecay);
        }
    }

    public NAdam(Iterable<? extends Tensor> params, double lr) {
        this(params, lr, Hyper.DEFAULT);
    }

    public NAdam(Iterable<? extends Tensor> params, double lr, Hyper hyper) {
        super(params, lr, hyper);
    }

    @Override
    protected void update(Tensor w, Tensor grad, double lr, Hyper h, ParamState s) {
        long t = s.advance();
        Tensor dW = h.weightDecay() != 0 ? grad.add(w, h.weightDecay()) : grad;
        Tensor v = s.buffer("exp_avg", () -> Tensor.zerosLike(w));
        Tensor sq = s.buffer("exp_avg_sq", () -> Tensor.zerosLike(w));
        Tensor product = s.buffer("mu_product", () -> Tensor.scalar(1, DType.FLOAT64));
        double mu = h.beta1() * (1 - 0.5 * Math.pow(0.96, t * h.momentumDecay()));
        double muNext = h.beta1() * (1 - 0.5 * Math.pow(0.96, (t + 1) * h.momentumDecay()));
        double muProduct = product.item() * mu;
        product.fill_(muProduct);
        v.lerp_(dW, 1 - h.beta1());
        sq.mulAddcmul_(h.beta2(), dW, dW, 1 - h.beta2());
        Tensor denom = sq.div(1 - Math.pow(h.beta2(), (double) t)).sqrt_().add_(h.eps());
        w.addcdiv_(dW, denom, -lr * (1 - mu) / (1 - muProduct));
        w.addcdiv_(v, denom, -lr * muNext / (1 - muProduct * muNext));
    }
}
