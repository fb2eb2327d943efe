package dev.descent.loss;

import dev.descent.ops.CrossEntropyOp;
import dev.descent.tensor.Tensor;

/**
 * Cross-entropy of logits [N, C] (or [C], or [N, C, d1, ...]) against int64 class indices, as PyTorch's: with label
 * smoothing e, loss_i = (1 - e) w_{t_i} (-log p_i[t_i]) + (e / C) sum_c w_c (-log p_i[c]), where class weights w
 * default to 1 and samples whose target is {@code ignoreIndex} count for nothing. The mean divides by the sum of
 * w_{t_i} over the samples counted (NaN for none). Without weights or ignored targets it is one fused, numerically
 * stable op ({@link CrossEntropyOp}): log-softmax and the pick in forward, softmax minus the target distribution in
 * backward.
 */
public record CrossEntropyLoss(Reduction reduction, double labelSmoothing, Tensor weight, long ignoreIndex)
        implements Loss {

    /** PyTorch's default ignore_index, which no class has. */
    public static final long DEFAULT_IGNORE_INDEX = -100;

    public CrossEntropyLoss {
        if (reduction == null) throw new IllegalArgumentException("cross_entropy: reduction is required");
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new IllegalArgumentException(
                    "cross_entropy: label smoothing must be in [0, 1], got " + labelSmoothing);
    }

    public CrossEntropyLoss(Reduction reduction, double labelSmoothing) {
        this(reduction, labelSmoothing, null, DEFAULT_IGNORE_INDEX);
    }

    public CrossEntropyLoss() {
        this(Reduction.MEAN, 0);
    }

    @Override
    public Tensor apply(Tensor logits, Tensor target) {
        Targets.ClassTargets flat = Targets.classIndices(name(), logits, target, ignoreIndex);
        Tensor x = flat.scores();
        int classes = x.size(1);
        Tensor w = Targets.classWeights(name(), weight, classes, x);
        if (w == null && !flat.anyIgnored()) {
            Tensor perSample = new CrossEntropyOp(flat.target(), labelSmoothing).apply(x);
            if (reduction == Reduction.NONE) return perSample.reshape(target.sizes());
            return reduction.reduce(perSample);
        }
        Tensor[] picks = Targets.weightedPicks(x.logSoftmax(1), flat.target(), w, ignoreIndex);
        Tensor perSample = labelSmoothing == 0
                ? picks[0] // (not + 0 times the smoothing term, which is -inf for a logit of -inf)
                : picks[0].mul(1 - labelSmoothing).add(picks[1].mul(labelSmoothing / classes));
        return switch (reduction) {
            case NONE -> perSample.reshape(target.sizes());
            case MEAN -> perSample.sum().div(picks[2].sum());
            default -> reduction.reduce(perSample);
        };
    }

    @Override
    public String name() {
        return "cross_entropy";
    }
}
