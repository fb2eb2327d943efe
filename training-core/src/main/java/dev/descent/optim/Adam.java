package dev.descent.optim;

import dev.descent.tensor.Tensor;

/**
 * Adam with bias correction (Kingma and Ba). With v and s starting at 0, at step t:
 *
 * <pre>
 *   v  = β1 v + (1 - β1) dW
 *   s  = β2 s + (1 - β2) dW²
 *   v̂  = v / (1 - β1^t),   ŝ = s / (1 - β2^t)
 *   W -= α v̂ / (√ŝ + ε)
 * </pre>
 *
 * Weight decay λ here is the coupled L2 form (dW += λW first); {@link AdamW} decouples it. AMSGrad divides by the
 * running maximum of s instead of s.
 */
public final class Adam extends Optimizer<Adam.Hyper> {

    public record Hyper(double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        public static final Hyper DEFAULT = new Hyper(0.9, 0.999, 1e-8, 0, false);

        public Hyper {
            Check.unitOpen("beta1", "beta1", beta1);
            Check.unitOpen("beta2", "beta2", beta2);
            Check.nonNegative("eps", "eps", eps);
            Check.nonNegative("weightDecay", "weight decay", weightDecay);
        }
    }

    public Adam(Iterable<? extends Tensor> params, double lr) {
        this(params, lr, Hyper.DEFAULT);
    }

    public Adam(Iterable<? extends Tensor> params, double lr, double beta1, double beta2, double eps) {
        this(params, lr, new Hyper(beta1, beta2, eps, 0, false));
    }

    public Adam(Iterable<? extends Tensor> params, double lr, Hyper hyper) {
        super(params, lr, hyper);
    }

    @Override
    protected void update(Tensor w, Tensor grad, double lr, Hyper h, ParamState s) {
        Tensor dW = h.weightDecay() != 0 ? grad.add(w, h.weightDecay()) : grad;
        adamUpdate(w, dW, lr, h, s);
    }

    /**
     * The moment updates and the step, shared with AdamW. The bias corrections are folded into two scalars, α √(1-β2^t)
     * / (1-β1^t) and ε √(1-β2^t), so the whole update is three fused passes and no temporaries.
     */
    static void adamUpdate(Tensor w, Tensor dW, double lr, Hyper h, ParamState s) {
        long t = s.advance();
        Tensor v = s.buffer("exp_avg", () -> Tensor.zerosLike(w));
        Tensor sq = s.buffer("exp_avg_sq", () -> Tensor.zerosLike(w));
        v.lerp_(dW, 1 - h.beta1());
        sq.mulAddcmul_(h.beta2(), dW, dW, 1 - h.beta2());
        if (h.amsgrad()) {
            Tensor max = s.buffer("max_exp_avg_sq", () -> Tensor.zerosLike(w)).maximum(sq);
            s.put("max_exp_avg_sq", max);
            sq = max;
        }
        double correction1 = 1 - Math.pow(h.beta1(), (double) t);
        double sqrtCorrection2 = Math.sqrt(1 - Math.pow(h.beta2(), (double) t));
        w.addcdivSqrt_(v, sq, -lr * sqrtCorrection2 / correction1, h.eps() * sqrtCorrection2);
    }
}
