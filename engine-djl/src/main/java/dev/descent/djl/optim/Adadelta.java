package dev.descent.djl.optim;

import ai.djl.ndarray.NDArray;
import dev.descent.train.OptimizerConfig;

import java.util.Set;

/**
 * Adadelta as PyTorch writes it: s = rho s + (1 - rho) dW^2; d = sqrt(u + eps) / sqrt(s + eps) dW;
 * u = rho u + (1 - rho) d^2; W -= lr d (rho 0.9, eps 1e-6; lr 1.0 is the usual choice).
 */
final class Adadelta extends DjlOptimizer {
    private final double rho;
    private final double eps;
    private final double weightDecay;

    Adadelta(OptimizerConfig c) {
        rho = number(c, "rho", 0.9, 0, 1, true);
        eps = positive(c, "eps", 1e-6);
        weightDecay = number(c, "weightDecay", 0, 0, Double.MAX_VALUE, true);
    }

    @Override Set<String> options() { return Set.of("rho", "eps", "weightDecay"); }

    @Override void update(String name, NDArray weight, NDArray grad, double lr, long t) {
        NDArray g = withWeightDecay(grad, weight, weightDecay);
        NDArray squareAvg = slot(name, "square_avg", weight, 0);
        NDArray accDelta = slot(name, "acc_delta", weight, 0);
        squareAvg.muli(rho).addi(g.square().muli(1 - rho));
        NDArray std = local(squareAvg.add(eps)).sqrt();
        NDArray delta = local(accDelta.add(eps)).sqrt().divi(std).muli(g);
        accDelta.muli(rho).addi(delta.square().muli(1 - rho));
        weight.subi(delta.mul(lr));
    }
}
