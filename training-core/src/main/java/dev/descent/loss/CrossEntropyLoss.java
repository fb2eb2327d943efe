package dev.descent.loss;

import dev.descent.ops.CrossEntropyOp;
import dev.descent.tensor.Tensor;

/**
 * Cross-entropy of logits [N, C] (or [C], or [N, C, d1, ...]) against int64 class indices, with optional label
 * smoothing e: the target distribution is (1 - e) onehot + e / C. One fused, numerically stable op
 * ({@link CrossEntropyOp}): log-softmax and the pick in forward, softmax minus the target distribution in backward.
 */
public record CrossEntropyLoss(Reduction reduction, double labelSmoothing) implements Loss {

    public CrossEntropyLoss {
        if (reduction == null) throw new IllegalArgumentException("cross_entropy: reduction is required");
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new IllegalArgumentException(
                    "cross_entropy: label smoothing must be in [0, 1], got " + labelSmoothing);
    }

    public CrossEntropyLoss() {
        this(Reduction.MEAN, 0);
    }

    @Override
    public Tensor apply(Tensor logits, Tensor target) {
        Tensor[] flat = Targets.classIndices(name(), logits, target);
        Tensor perSample = new CrossEntropyOp(flat[1], labelSmoothing).apply(flat[0]);
        if (reduction == Reduction.NONE) return perSample.reshape(target.sizes());
        return reduction.reduce(perSample);
    }

    @Override
    public String name() {
        return "cross_entropy";
    }
}
