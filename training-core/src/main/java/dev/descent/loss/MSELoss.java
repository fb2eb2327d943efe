package dev.descent.loss;

import dev.descent.tensor.Tensor;

/** (output - target)^2 per element. */
public record MSELoss(Reduction reduction) implements Loss {

    public MSELoss {
        if (reduction == null) throw new IllegalArgumentException("mse: reduction is required");
    }

    public MSELoss() {
        this(Reduction.MEAN);
    }

    @Override
    public Tensor apply(Tensor output, Tensor target) {
        return reduction.reduce(
                output.sub(Targets.sameShape(name(), output, target)).square());
    }

    @Override
    public String name() {
        return "mse";
    }
}
