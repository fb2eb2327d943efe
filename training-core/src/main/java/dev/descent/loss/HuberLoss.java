package dev.descent.loss;

import dev.descent.tensor.Tensor;

/**
 * With d = output - target: 0.5 d^2 where |d| <= delta, else delta (|d| - 0.5 delta); smooth L1 scaled by delta.
 * Computed as 0.5 m^2 + delta (|d| - m) with m = min(|d|, delta), so a far-off (even infinite) difference gets the
 * gradient delta sign(d), not the NaN a discarded quadratic branch would send back.
 */
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
        Tensor m = d.clampMax(delta);
        return reduction.reduce(m.square().mul(0.5).add(d.sub(m).mul(delta)));
    }

    @Override
    public String name() {
        return "huber";
    }
}
