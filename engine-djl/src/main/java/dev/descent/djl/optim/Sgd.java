package dev.descent.djl.optim;

import ai.djl.ndarray.NDArray;
import dev.descent.train.ConfigException;
import dev.descent.train.OptimizerConfig;

import java.util.Set;

/**
 * Stochastic gradient descent as PyTorch writes it: g = dW + wd W; with momentum mu,
 * b = g on the first step, then b = mu b + (1 - dampening) g; g = g + mu b (Nesterov) or g = b; W -= lr g.
 */
final class Sgd extends DjlOptimizer {
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final double weightDecay;

    Sgd(OptimizerConfig c) {
        momentum = number(c, "momentum", 0, 0, Double.MAX_VALUE, true);
        dampening = number(c, "dampening", 0, 0, 1, true);
        nesterov = c.flag("nesterov", false);
        weightDecay = number(c, "weightDecay", 0, 0, Double.MAX_VALUE, true);
        if (nesterov && (momentum == 0 || dampening != 0)) {
            throw new ConfigException("optimizer.nesterov", "Nesterov momentum needs momentum > 0 and dampening 0, got momentum " + momentum + " and dampening " + dampening);
        }
    }

    @Override Set<String> options() { return Set.of("momentum", "dampening", "nesterov", "weightDecay"); }

    @Override void update(String name, NDArray weight, NDArray grad, double lr, long t) {
        NDArray g = withWeightDecay(grad, weight, weightDecay);
        if (momentum != 0) {
            NDArray buffer = slot(name, "momentum_buffer", weight, 0);
            if (t == 1) buffer.muli(0).addi(g);
            else buffer.muli(momentum).addi(g.mul(1 - dampening));
            g = nesterov ? g.add(local(buffer.mul(momentum))) : buffer;
        }
        weight.subi(local(g.mul(lr)));
    }
}
