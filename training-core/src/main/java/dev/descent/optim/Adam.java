package dev.descent.optim;

import dev.descent.backend.HostScalar;
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
 *
 * <p>The bias corrections change every step, so the two factors they fold into are {@link HostScalar}s: the host
 * computes them in doubles, exactly as an eager step passes them, and a traced step records the cells, so graph mode
 * replays the whole step and reads each step's factors. (Keeping them in a device tensor that the update kernel reads,
 * PyTorch's capturable Adam, would need a kernel taking its coefficients from a tensor on every backend, and the float
 * rounding of that operand would change the eager bits.)
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

    /** The learning rate enters the update only through the step size. */
    @Override
    protected boolean learningRateIsHostScalar() {
        return true;
    }

    @Override
    protected void prepareReplay(double lr, Hyper h, ParamState s) {
        biasCorrection(s.advance(), lr, h, s);
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
            // Into the same buffer every step: a replayed graph updates the state it recorded, not a stale copy.
            Tensor max = s.buffer("max_exp_avg_sq", () -> Tensor.zerosLike(w));
            max.copy_(max.maximum(sq));
            sq = max;
        }
        biasCorrection(t, lr, h, s);
        HostScalar stepSize = s.scalar("step_size"), epsScale = s.scalar("eps_scale");
        try (var _ = HostScalar.reading(stepSize, epsScale)) {
            w.addcdivSqrt_(v, sq, stepSize.get(), epsScale.get());
        }
    }

    /** Sets step t's factors: the step size -α √(1-β2^t) / (1-β1^t) (negative) and the ε scale ε √(1-β2^t). */
    static void biasCorrection(long t, double lr, Hyper h, ParamState s) {
        double correction1 = 1 - Math.pow(h.beta1(), (double) t);
        double sqrtCorrection2 = Math.sqrt(1 - Math.pow(h.beta2(), (double) t));
        s.scalar("step_size").set(-lr * sqrtCorrection2 / correction1);
        s.scalar("eps_scale").set(h.eps() * sqrtCorrection2);
    }
}
