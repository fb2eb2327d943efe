package dev.descent.loss;

import dev.descent.ops.BinaryCrossEntropyOp;
import dev.descent.tensor.Tensor;

/**
 * Binary cross-entropy of probabilities p in [0, 1] against targets y: -w (y log p + (1 - y) log(1 - p)), with each log
 * clamped to >= -100 as PyTorch does, so p = 0 or 1 gives a finite loss and gradient ({@link BinaryCrossEntropyOp}).
 * The optional weight w broadcasts to the output's shape; the mean is the plain mean of the weighted losses.
 */
public record BCELoss(Reduction reduction, Tensor weight) implements Loss {
    public BCELoss {
        if (reduction == null) throw new IllegalArgumentException("bce: reduction is required");
    }

    public BCELoss(Reduction reduction) {
        this(reduction, null);
    }

    public BCELoss() {
        this(Reduction.MEAN);
    }

    @Override
    public Tensor apply(Tensor p, Tensor target) {
        Tensor y = Targets.sameShape(name(), p, target);
        if (p.numel() > 0) {
            double lo = p.min().item(), hi = p.max().item();
            if (!(lo >= 0 && hi <= 1)) {
                throw new IllegalArgumentException("bce: the output must be probabilities in [0, 1], got values from "
                        + lo + " to " + hi + "; apply a sigmoid first or use bce_with_logits");
            }
        }
        Tensor loss = new BinaryCrossEntropyOp().apply(p, y);
        return reduction.reduce(weight == null ? loss : Targets.weighted(name(), loss, weight));
    }

    @Override
    public String name() {
        return "bce";
    }
}
