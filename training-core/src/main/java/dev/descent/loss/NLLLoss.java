package dev.descent.loss;

import dev.descent.tensor.Tensor;

/**
 * Negative log-likelihood of log-probabilities [N, C] (e.g. from log_softmax; or [C], or [N, C, d1, ...]) against int64
 * classes: -w_{t_n} input[n, t_n], with class weights w (default 1) and samples whose target is {@code ignoreIndex}
 * counting for nothing. The mean divides by the sum of w_{t_n} over the samples counted.
 */
public record NLLLoss(Reduction reduction, Tensor weight, long ignoreIndex) implements Loss {

    public NLLLoss {
        if (reduction == null) throw new IllegalArgumentException("nll: reduction is required");
    }

    public NLLLoss(Reduction reduction) {
        this(reduction, null, CrossEntropyLoss.DEFAULT_IGNORE_INDEX);
    }

    public NLLLoss() {
        this(Reduction.MEAN);
    }

    @Override
    public Tensor apply(Tensor logProbs, Tensor target) {
        Targets.ClassTargets flat = Targets.classIndices(name(), logProbs, target, ignoreIndex);
        Tensor w = Targets.classWeights(name(), weight, flat.scores().size(1), flat.scores());
        Tensor perSample, counted;
        if (w == null && !flat.anyIgnored()) {
            perSample = flat.scores()
                    .gather(1, flat.target().unsqueeze(1))
                    .reshape(-1)
                    .neg();
            counted = null;
        } else {
            Tensor[] picks = Targets.weightedPicks(flat.scores(), flat.target(), w, ignoreIndex);
            perSample = picks[0];
            counted = picks[2];
        }
        return switch (reduction) {
            case NONE -> perSample.reshape(target.sizes());
            case MEAN -> counted == null ? perSample.mean() : perSample.sum().div(counted.sum());
            default -> reduction.reduce(perSample);
        };
    }

    @Override
    public String name() {
        return "nll";
    }
}
