package dev.descent.djl.optim;

import ai.djl.ndarray.NDArray;
import dev.descent.optim.Adagrad;

/**
 * {@link Adagrad}'s rule: G += dW^2 (G starting at initialAccumulator); W -= lr / (1 + (t - 1) lrDecay) dW / (sqrt(G) +
 * eps).
 */
final class DjlAdagrad extends DjlOptimizer {
    private final Adagrad.Hyper h;

    DjlAdagrad(Adagrad.Hyper h) {
        this.h = h;
    }

    @Override
    void update(String name, NDArray weight, NDArray grad, double lr, long t) {
        NDArray g = withWeightDecay(grad, weight, h.weightDecay());
        NDArray sum = slot(name, "sum", weight, (float) h.initialAccumulator());
        sum.addi(g.square());
        double stepLr = lr / (1 + (t - 1) * h.lrDecay());
        weight.subi(g.mul(stepLr).divi(local(sum.sqrt()).addi(h.eps())));
    }
}
