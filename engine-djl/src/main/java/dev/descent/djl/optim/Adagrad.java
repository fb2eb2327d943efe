package dev.descent.djl.optim;

import ai.djl.ndarray.NDArray;
import dev.descent.train.OptimizerConfig;

import java.util.Set;

/**
 * Adagrad as PyTorch writes it: G += dW^2; W -= lr_t dW / (sqrt(G) + eps) with
 * lr_t = lr / (1 + (t - 1) lrDecay) (eps 1e-10, G starting at initialAccumulatorValue).
 */
final class Adagrad extends DjlOptimizer {
    private final double lrDecay;
    private final double eps;
    private final double weightDecay;
    private final float initialAccumulator;

    Adagrad(OptimizerConfig c) {
        lrDecay = number(c, "lrDecay", 0, 0, Double.MAX_VALUE, true);
        eps = positive(c, "eps", 1e-10);
        weightDecay = number(c, "weightDecay", 0, 0, Double.MAX_VALUE, true);
        initialAccumulator = (float) number(c, "initialAccumulatorValue", 0, 0, Double.MAX_VALUE, true);
    }

    @Override Set<String> options() { return Set.of("lrDecay", "eps", "weightDecay", "initialAccumulatorValue"); }

    @Override void update(String name, NDArray weight, NDArray grad, double lr, long t) {
        NDArray g = withWeightDecay(grad, weight, weightDecay);
        NDArray sum = slot(name, "sum", weight, initialAccumulator);
        sum.addi(g.square());
        double stepLr = lr / (1 + (t - 1) * lrDecay);
        weight.subi(g.mul(stepLr).divi(local(sum.sqrt()).addi(eps)));
    }
}
