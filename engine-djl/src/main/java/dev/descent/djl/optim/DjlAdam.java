package dev.descent.djl.optim;

import ai.djl.ndarray.NDArray;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;

/**
 * {@link Adam}'s rule with bias correction: m = b1 m + (1 - b1) dW; v = b2 v + (1 - b2) dW^2; W -= lr (m / (1 - b1^t))
 * / (sqrt(v / (1 - b2^t)) + eps); AMSGrad divides by the running maximum of v. Adam adds weight decay to the gradient
 * (L2); {@link AdamW} decays the weight itself first, W -= lr wd W.
 */
final class DjlAdam extends DjlOptimizer {
    private final Adam.Hyper h;
    private final boolean decoupled;

    DjlAdam(Adam.Hyper h, boolean decoupled) {
        this.h = h;
        this.decoupled = decoupled;
    }

    @Override
    void update(String name, NDArray weight, NDArray grad, double lr, long t) {
        NDArray g = grad;
        if (decoupled) {
            if (h.weightDecay() != 0) weight.muli(1 - lr * h.weightDecay());
        } else {
            g = withWeightDecay(grad, weight, h.weightDecay());
        }
        NDArray m = slot(name, "exp_avg", weight, 0);
        NDArray v = slot(name, "exp_avg_sq", weight, 0);
        m.muli(h.beta1()).addi(g.mul(1 - h.beta1()));
        v.muli(h.beta2()).addi(g.square().muli(1 - h.beta2()));
        if (h.amsgrad()) {
            NDArray max = slot(name, "max_exp_avg_sq", weight, 0);
            max.intern(max.maximum(v));
            v = max;
        }
        double correction1 = 1 - Math.pow(h.beta1(), (double) t);
        double correction2 = 1 - Math.pow(h.beta2(), (double) t);
        NDArray denominator = local(v.sqrt()).divi(Math.sqrt(correction2)).addi(h.eps());
        weight.subi(local(m.mul(lr / correction1)).divi(denominator));
    }
}
