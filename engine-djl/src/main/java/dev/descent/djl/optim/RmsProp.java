package dev.descent.djl.optim;

import ai.djl.ndarray.NDArray;
import dev.descent.train.OptimizerConfig;

import java.util.Set;

/** RMSprop in its classic form: s = rho s + (1 - rho) dW^2; W -= lr dW / (sqrt(s) + eps) (rho 0.9, eps 1e-8). */
final class RmsProp extends DjlOptimizer {
    private final double rho;
    private final double eps;
    private final double weightDecay;

    RmsProp(OptimizerConfig c) {
        rho = number(c, "rho", 0.9, 0, 1, false);
        eps = positive(c, "eps", 1e-8);
        weightDecay = number(c, "weightDecay", 0, 0, Double.MAX_VALUE, true);
    }

    @Override Set<String> options() { return Set.of("rho", "eps", "weightDecay"); }

    @Override void update(String name, NDArray weight, NDArray grad, double lr, long t) {
        NDArray g = withWeightDecay(grad, weight, weightDecay);
        NDArray s = slot(name, "square_avg", weight, 0);
        s.muli(rho).addi(g.square().muli(1 - rho));
        weight.subi(g.mul(lr).divi(local(s.sqrt()).addi(eps)));
    }
}
