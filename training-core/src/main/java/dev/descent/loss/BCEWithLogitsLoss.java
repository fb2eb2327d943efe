package dev.descent.loss;

import dev.descent.tensor.Tensor;

/**
 * Binary cross-entropy on logits x, stable for any x: max(x, 0) - x y + log(1 + exp(-|x|)). With a positive-class
 * weight w: (1 - y) x + (1 + (w - 1) y) (log(1 + exp(-|x|)) + max(-x, 0)).
 */
public record BCEWithLogitsLoss(Reduction reduction, Tensor posWeight) implements Loss {

    public BCEWithLogitsLoss {
        if (reduction == null) throw new IllegalArgumentException("bce_with_logits: reduction is required");
    }

    public BCEWithLogitsLoss() {
        this(Reduction.MEAN, null);
    }

    @Override
    public Tensor apply(Tensor x, Tensor target) {
        Tensor y = Targets.sameShape(name(), x, target);
        Tensor softplusNegAbs = x.abs().neg().exp().add(1).log();
        if (posWeight == null)
            return reduction.reduce(x.clampMin(0).sub(x.mul(y)).add(softplusNegAbs));
        Tensor weight = posWeight.to(x.dtype()).sub(1).mul(y).add(1);
        Tensor logSigmoidNeg = softplusNegAbs.add(x.neg().clampMin(0));
        return reduction.reduce(y.rsub(1).mul(x).add(weight.mul(logSigmoidNeg)));
    }

    @Override
    public String name() {
        return "bce_with_logits";
    }
}
