package dev.descent.loss;

import dev.descent.tensor.Tensor;

/**
 * With d = output - target: 0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta (beta 0 is L1). Computed as 0.5 m^2 /
 * beta + |d| - m with m = min(|d|, beta), so a far-off (even infinite) difference gets the gradient sign(d), not NaN.
 */
public record SmoothL1Loss(Reduction reduction, double beta) implements Loss {

    public SmoothL1Loss {
        if (reduction == null) throw new IllegalArgumentException("smooth_l1: reduction is required");
        if (!(beta >= 0)) throw new IllegalArgumentException("smooth_l1: beta must be >= 0, got " + beta);
    }

    public SmoothL1Loss() {
        this(Reduction.MEAN, 1.0);
    }

    @Override
    public Tensor apply(Tensor output, Tensor target) {
        Tensor d = output.sub(Targets.sameShape(name(), output, target)).abs();
        if (beta == 0) return reduction.reduce(d);
        Tensor m = d.clampMax(beta);
        return reduction.reduce(m.square().mul(0.5 / beta).add(d.sub(m)));
    }

    @Override
    public String name() {
        return "smooth_l1";
    }
}
