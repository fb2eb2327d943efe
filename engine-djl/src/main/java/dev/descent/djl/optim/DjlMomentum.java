package dev.descent.djl.optim;

import ai.djl.ndarray.NDArray;
import dev.descent.optim.Momentum;

/** {@link Momentum}'s moving-average form: v = beta v + (1 - beta) dW; W -= lr v. */
final class DjlMomentum extends DjlOptimizer {
    private final Momentum.Hyper h;

    DjlMomentum(Momentum.Hyper h) {
        this.h = h;
    }

    @Override
    void update(String name, NDArray weight, NDArray grad, double lr, long t) {
        NDArray v = slot(name, "velocity", weight, 0);
        v.muli(h.beta()).addi(grad.mul(1 - h.beta()));
        weight.subi(local(v.mul(lr)));
    }
}
