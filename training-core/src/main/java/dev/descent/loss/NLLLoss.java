package dev.descent.loss;

import dev.descent.tensor.Tensor;

/**
 * Negative log-likelihood: -input[n, target[n]] for log-probabilities [N, C] (e.g. from log_softmax) and int64 classes
 * [N].
 */
public record NLLLoss(Reduction reduction) implements Loss {

    public NLLLoss {
        if (reduction == null) throw new IllegalArgumentException("nll: reduction is required");
    }

    public NLLLoss() {
        this(Reduction.MEAN);
    }

    @Override
    public Tensor apply(Tensor logProbs, Tensor target) {
        Tensor[] flat = Targets.classIndices(name(), logProbs, target);
        Tensor perSample = flat[0].gather(1, flat[1].unsqueeze(1)).reshape(-1).neg();
        if (reduction == Reduction.NONE) return perSample.reshape(target.sizes());
        return reduction.reduce(perSample);
    }

    @Override
    public String name() {
        return "nll";
    }
}
