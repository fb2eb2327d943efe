package dev.descent.loss;

import dev.descent.tensor.Tensor;

/** How per-element losses become the result: their mean, their sum, or left as they are. */
public enum Reduction {
    MEAN,
    SUM,
    NONE;

    public Tensor reduce(Tensor perElement) {
        return switch (this) {
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
            case NONE -> perElement;
        };
    }
}
