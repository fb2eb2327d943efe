package dev.descent.loss;

import dev.descent.tensor.Tensor;

/**
 * How per-element losses become the result: their mean, their sum, left as they are, or their sum divided by the batch
 * size (the first dimension), which is the mean KL divergence per sample (PyTorch's "batchmean").
 */
public enum Reduction {
    MEAN,
    SUM,
    NONE,
    BATCH_MEAN;

    public Tensor reduce(Tensor perElement) {
        return switch (this) {
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
            case NONE -> perElement;
            case BATCH_MEAN -> perElement.sum().div(perElement.dim() == 0 ? 1L : perElement.size(0));
        };
    }
}
