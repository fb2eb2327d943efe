package dev.descent.djl.optim;

import ai.djl.ndarray.NDArray;
import dev.descent.train.OptimizerConfig;

import java.util.Set;

/** Momentum in its moving-average form: v = beta v + (1 - beta) dW; W -= lr v (beta 0.9). */
final class EmaMomentum extends DjlOptimizer {
    private final double beta;
    private final double weightDecay;

    EmaMomentum(OptimizerConfig c) {
        beta = number(c, "beta", 0.9, 0, 1, false);
        weightDecay = number(c, "weightDecay", 0, 0, Double.MAX_VALUE, true);
    }

    @Override Set<String> options() { return Set.of("beta", "weightDecay"); }

    @Override void update(String name, NDArray weight, NDArray grad, double lr, long t) {
        NDArray g = withWeightDecay(grad, weight, weightDecay);
        NDArray v = slot(name, "velocity", weight, 0);
        v.muli(beta).addi(g.mul(1 - beta));
        weight.subi(local(v.mul(lr)));
    }
}
