package dev.descent.loss;

import dev.descent.tensor.Tensor;

/** With d = output - target: 0.5 d^2 where |d| <= delta, else delta (|d| - 0.5 delta); smooth L1 scaled by delta. */
public record HuberLoss(Reduction reduction, double delta) implements Loss {

    public HuberLoss {
        if (reduction == null) throw new IllegalArgumentException("huber: reduction is required");
        if (!(delta > 0)) throw new IllegalArgumentException("huber: delta must be > 0, got " + delta);
    }

    public HuberLoss() {
        this(Reduction.MEAN, 1.0);
    }

    @Override
    public Tensor apply(Tensor output, Tensor target) {
        Tensor d = output.sub(Targets.sameShape(name(), output, target)).abs();
        Tensor quadratic = d.square().mul(0.5);
        return reduction.reduce(
                Tensor.where(d.le(delta), quadratic, d.sub(0.5 * delta).mul(delta)));
    }

    @Override
    public String name() {
        return "huber";
    }
}
