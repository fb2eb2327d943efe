package dev.descent.loss;

import dev.descent.tensor.Tensor;

/**
 * Kullback-Leibler divergence of a target distribution y from the model's log-probabilities x (as PyTorch's kl_div
 * takes them): y (log y - x) per element, 0 where y = 0; with {@code logTarget}, y given as log-probabilities, exp(y)
 * (y - x). {@link Reduction#BATCH_MEAN} gives the divergence per sample; MEAN, PyTorch's default, averages over every
 * element instead.
 */
public record KLDivLoss(Reduction reduction, boolean logTarget) implements Loss {

    public KLDivLoss {
        if (reduction == null) throw new IllegalArgumentException("kl_div: reduction is required");
    }

    public KLDivLoss() {
        this(Reduction.MEAN, false);
    }

    @Override
    public Tensor apply(Tensor logProbs, Tensor target) {
        Tensor y = Targets.sameShape(name(), logProbs, target);
        Tensor loss;
        if (logTarget) {
            loss = y.exp().mul(y.sub(logProbs));
        } else {
            // y log y, with 0 log 0 = 0; the log of a zero target is replaced before it is taken, so no NaN reaches
            // the gradient.
            Tensor positive = y.gt(0L);
            Tensor safe = Tensor.where(positive, y, Tensor.onesLike(y));
            loss = Tensor.where(positive, y.mul(safe.log()), Tensor.zerosLike(y))
                    .sub(y.mul(logProbs));
        }
        return reduction.reduce(loss);
    }

    @Override
    public String name() {
        return "kl_div";
    }
}
