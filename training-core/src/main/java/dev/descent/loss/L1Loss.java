package dev.descent.loss;

import dev.descent.tensor.Tensor;

/** |output - target| per element. */
public record L1Loss(Reduction reduction) implements Loss {

    public L1Loss {
        if (reduction == null) throw new IllegalArgumentException("l1: reduction is required");
    }

    public L1Loss() {
        this(Reduction.MEAN);
    }

    @Override
    public Tensor apply(Tensor output, Tensor target) {
        return reduction.reduce(
                output.sub(Targets.sameShape(name(), output, target)).abs());
    }

    @Override
    public String name() {
        return "l1";
    }
}
