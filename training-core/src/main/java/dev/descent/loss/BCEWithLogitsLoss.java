package dev.descent.loss;

import dev.descent.tensor.Tensor;

/**
 * Binary cross-entropy on logits x, stable for any x, in PyTorch's form: with m = max(-x, 0), (1 - y) x + l (m + log(
 * exp(-m) + exp(-x - m))), where l = 1 + (w - 1) y for a positive-class weight w (broadcast along the last dimension; l
 * = 1 without one). x = +inf gives inf, not the NaN of inf - inf. An element weight (broadcast to the output's shape)
 * scales each loss before the reduction.
 */
public record BCEWithLogitsLoss(Reduction reduction, Tensor posWeight, Tensor weight) implements Loss {

    public BCEWithLogitsLoss {
        if (reduction == null) throw new IllegalArgumentException("bce_with_logits: reduction is required");
    }

    public BCEWithLogitsLoss(Reduction reduction, Tensor posWeight) {
        this(reduction, posWeight, null);
    }

    public BCEWithLogitsLoss() {
        this(Reduction.MEAN, null);
    }

    @Override
    public Tensor apply(Tensor x, Tensor target) {
        Tensor y = Targets.sameShape(name(), x, target);
        Tensor m = x.neg().clampMin(0L);
        Tensor logSigmoidNeg = m.neg().exp().add(x.neg().sub(m).exp()).log().add(m); // -log sigmoid(x)
        Tensor scaled = posWeight == null
                ? logSigmoidNeg
                : posWeight.to(x.dtype()).sub(1L).mul(y).add(1L).mul(logSigmoidNeg);
        Tensor loss = y.rsub(1L).mul(x).add(scaled);
        return reduction.reduce(weight == null ? loss : Targets.weighted(name(), loss, weight));
    }

    @Override
    public String name() {
        return "bce_with_logits";
    }
}
