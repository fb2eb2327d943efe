package dev.descent.djl.optim;

import ai.djl.ndarray.NDArray;
import dev.descent.optim.RMSprop;

/**
 * {@link RMSprop}'s rule: s = beta s + (1 - beta) dW^2; W -= lr dW / (sqrt(s) + eps). Centered, the denominator is
 * sqrt(s - m^2) + eps with m = beta m + (1 - beta) dW; with momentum mu, b = mu b + dW / denominator, W -= lr b.
 */
final class DjlRMSprop extends DjlOptimizer {
    private final RMSprop.Hyper h;

    DjlRMSprop(RMSprop.Hyper h) {
        this.h = h;
    }

    @Override
    void update(String name, NDArray weight, NDArray grad, double lr, long t) {
        double beta = h.beta();
        NDArray g = withWeightDecay(grad, weight, h.weightDecay());
        NDArray s = slot(name, "square_avg", weight, 0);
        s.muli(beta).addi(g.square().muli(1 - beta));
        NDArray denominator;
        if (h.centered()) {
            NDArray m = slot(name, "grad_avg", weight, 0);
            m.muli(beta).addi(g.mul(1 - beta));
            denominator = local(s.sub(local(m.square()))).sqrt().addi(h.eps());
        } else {
            denominator = local(s.sqrt()).addi(h.eps());
        }
        if (h.momentum() > 0) {
            NDArray b = slot(name, "momentum_buffer", weight, 0);
            b.muli(h.momentum()).addi(g.div(denominator));
            weight.subi(local(b.mul(lr)));
        } else {
            weight.subi(g.mul(lr).divi(denominator));
        }
    }
}
