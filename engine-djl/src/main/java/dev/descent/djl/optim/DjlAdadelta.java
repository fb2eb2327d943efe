package dev.descent.djl.optim;

import ai.djl.ndarray.NDArray;
import dev.descent.optim.Adadelta;

/**
 * {@link Adadelta}'s rule: s = rho s + (1 - rho) dW^2; d = sqrt(u + eps) / sqrt(s + eps) dW; u = rho u + (1 - rho) d^2;
 * W -= lr d.
 */
final class DjlAdadelta extends DjlOptimizer {
    private final Adadelta.Hyper h;

    DjlAdadelta(Adadelta.Hyper h) {
        this.h = h;
    }

    @Override
    void update(String name, NDArray weight, NDArray grad, double lr, long t) {
        double rho = h.rho();
        NDArray g = withWeightDecay(grad, weight, h.weightDecay());
        NDArray squareAvg = slot(name, "square_avg", weight, 0);
        NDArray accDelta = slot(name, "acc_delta", weight, 0);
        squareAvg.muli(rho).addi(g.square().muli(1 - rho));
        NDArray std = local(squareAvg.add(h.eps())).sqrt();
        NDArray delta = local(accDelta.add(h.eps())).sqrt().divi(std).muli(g);
        accDelta.muli(rho).addi(delta.square().muli(1 - rho));
        weight.subi(delta.mul(lr));
    }
}
