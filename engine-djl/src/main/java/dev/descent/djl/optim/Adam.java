package dev.descent.djl.optim;

import ai.djl.ndarray.NDArray;
import dev.descent.train.OptimizerConfig;

import java.util.Set;

/**
 * Adam with bias correction: m = b1 m + (1 - b1) dW; v = b2 v + (1 - b2) dW^2;
 * W -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps) (b1 0.9, b2 0.999, eps 1e-8).
 * Adam adds weight decay to the gradient (L2); AdamW decays the weight itself first,
 * W -= lr wd W (decoupled, wd 0.01 by default).
 */
final class Adam extends DjlOptimizer {
    private final boolean decoupled;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;

    Adam(OptimizerConfig c, boolean decoupled) {
        this.decoupled = decoupled;
        beta1 = number(c, "beta1", 0.9, 0, 1, false);
        beta2 = number(c, "beta2", 0.999, 0, 1, false);
        eps = positive(c, "eps", 1e-8);
        weightDecay = number(c, "weightDecay", decoupled ? 0.01 : 0, 0, Double.MAX_VALUE, true);
    }

    @Override Set<String> options() { return Set.of("beta1", "beta2", "eps", "weightDecay"); }

    @Override void update(String name, NDArray weight, NDArray grad, double lr, long t) {
        NDArray g = grad;
        if (decoupled) {
            if (weightDecay != 0) weight.muli(1 - lr * weightDecay);
        } else {
            g = withWeightDecay(grad, weight, weightDecay);
        }
        NDArray m = slot(name, "exp_avg", weight, 0);
        NDArray v = slot(name, "exp_avg_sq", weight, 0);
        m.muli(beta1).addi(g.mul(1 - beta1));
        v.muli(beta2).addi(g.square().muli(1 - beta2));
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        NDArray denominator = local(v.sqrt()).divi(Math.sqrt(correction2)).addi(eps);
        weight.subi(local(m.mul(lr / correction1)).divi(denominator));
    }
}
