package dev.descent.djl.optim;

import ai.djl.ndarray.NDArray;
import dev.descent.optim.SGD;

/**
 * {@link SGD}'s rule: g = dW + wd W; with momentum mu, b = g on the first step, then b = mu b + (1 - dampening) g; g =
 * g + mu b (Nesterov) or g = b; W -= lr g.
 */
final class DjlSGD extends DjlOptimizer {
    private final SGD.Hyper h;

    DjlSGD(SGD.Hyper h) {
        this.h = h;
    }

    @Override
    void update(String name, NDArray weight, NDArray grad, double lr, long t) {
        NDArray g = withWeightDecay(grad, weight, h.weightDecay());
        if (h.momentum() != 0) {
            NDArray buffer = slot(name, "momentum_buffer", weight, 0);
            if (t == 1) buffer.muli(0).addi(g);
            else buffer.muli(h.momentum()).addi(g.mul(1 - h.dampening()));
            g = h.nesterov() ? g.add(local(buffer.mul(h.momentum()))) : buffer;
        }
        weight.subi(local(g.mul(lr)));
    }
}
