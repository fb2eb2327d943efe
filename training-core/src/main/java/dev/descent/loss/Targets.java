package dev.descent.loss;

import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;

/** Shape and dtype checks shared by the losses, so a mismatch fails with both shapes named. */
final class Targets {
    private Targets() {}

    /**
     * The output must be floating point and the target the same shape (PyTorch broadcasts a target of another shape,
     * with a warning, which hides a transposed or unsqueezed target); the target is converted to the output's dtype.
     */
    static Tensor sameShape(String loss, Tensor output, Tensor target) {
        floating(loss, output);
        if (!output.shape().equals(target.shape())) {
            throw new IllegalArgumentException(
                    loss + ": target shape " + target.shape() + " does not match output shape " + output.shape()
                            + (target.numel() == output.numel() ? "; reshape the target to the output's shape" : ""));
        }
        return target.dtype() == output.dtype() ? target : target.to(output.dtype());
    }

    static void floating(String loss, Tensor output) {
        if (!output.dtype().isFloatingPoint())
            throw new IllegalArgumentException(loss + ": the output must be floating point, got "
                    + output.dtype().label());
    }

    /**
     * Scores [N, C] (or [C], or [N, C, d1, ...]) against int64 class indices [N] ([], [N, d1, ...]). Returns the scores
     * as [M, C] and the targets as [M] with the classes checked to lie in [0, C).
     */
    static Tensor[] classIndices(String loss, Tensor scores, Tensor target) {
        ClassTargets t = classIndices(loss, scores, target, Long.MIN_VALUE);
        return new Tensor[] {t.scores(), t.target()};
    }

    /** Scores as [M, C], targets as [M], and whether any target is the ignored class. */
    record ClassTargets(Tensor scores, Tensor target, boolean anyIgnored) {}

    /** {@link #classIndices(String, Tensor, Tensor)} where targets equal to {@code ignoreIndex} may be any value. */
    static ClassTargets classIndices(String loss, Tensor scores, Tensor target, long ignoreIndex) {
        floating(loss, scores);
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException(loss + ": target must be int64 class indices, got "
                    + target.dtype().label()
                    + (target.dtype().isFloatingPoint()
                            ? " (for probabilities or one-hot targets use a loss such as mse or bce)"
                            : "; convert it with to(DType.INT64)"));
        }
        if (scores.dim() == 0)
            throw new IllegalArgumentException(loss + ": the output must have a class dimension, got a scalar");
        Tensor flatScores, flatTarget;
        if (scores.dim() == 1) {
            if (target.dim() != 0)
                throw new IllegalArgumentException(loss + ": an unbatched output " + scores.shape()
                        + " needs a 0-dim target, got " + target.shape());
            flatScores = scores.unsqueeze(0);
            flatTarget = target.reshape(1);
        } else {
            int[] expected = new int[scores.dim() - 1];
            expected[0] = scores.size(0);
            for (int d = 2; d < scores.dim(); d++) expected[d - 1] = scores.size(d);
            if (!java.util.Arrays.equals(target.sizes(), expected)) {
                throw new IllegalArgumentException(loss + ": output " + scores.shape() + " (batch, classes"
                        + (scores.dim() > 2 ? ", ..." : "") + ") needs a target of shape "
                        + java.util.Arrays.toString(expected) + ", got " + target.shape());
            }
            int c = scores.size(1);
            flatScores = scores.dim() == 2 ? scores : classesLast(scores).reshape(-1, c);
            flatTarget = target.reshape(-1);
        }
        int classes = flatScores.size(1);
        boolean anyIgnored = false;
        if (flatTarget.numel() > 0) {
            long lo = flatTarget.min().itemLong(), hi = flatTarget.max().itemLong();
            anyIgnored = lo <= ignoreIndex
                    && ignoreIndex <= hi
                    && flatTarget.eq(ignoreIndex).sum().itemLong() > 0;
            if ((lo < 0 || hi >= classes) && ignoreIndex != Long.MIN_VALUE) {
                // Out of range, unless only the ignored targets are: look again without them.
                Tensor counted = flatTarget.maskedSelect(flatTarget.ne(ignoreIndex));
                lo = counted.numel() == 0 ? 0 : counted.min().itemLong();
                hi = counted.numel() == 0 ? 0 : counted.max().itemLong();
            }
            if (lo < 0 || hi >= classes) {
                throw new IllegalArgumentException(loss + ": target class " + (lo < 0 ? lo : hi)
                        + " is out of range for " + classes + " classes (valid: 0 to " + (classes - 1) + ")");
            }
        }
        return new ClassTargets(flatScores, flatTarget, anyIgnored);
    }

    /** Per-element losses times a weight that broadcasts to their shape. */
    static Tensor weighted(String loss, Tensor perElement, Tensor weight) {
        if (!dev.descent.tensor.Shape.broadcast(perElement.shape(), weight.shape())
                .equals(perElement.shape()))
            throw new IllegalArgumentException(loss + ": weight " + weight.shape()
                    + " does not broadcast to the output's shape " + perElement.shape());
        return perElement.mul(weight.to(perElement.dtype()));
    }

    /** Class weights: null, or a floating vector with one weight per class. */
    static Tensor classWeights(String loss, Tensor weight, int classes, Tensor like) {
        if (weight == null) return null;
        if (weight.dim() != 1 || weight.size(0) != classes)
            throw new IllegalArgumentException(
                    loss + ": weight must be a vector of " + classes + " class weights, got shape " + weight.shape());
        return weight.to(like.dtype());
    }

    /**
     * Negative log-likelihood per sample of log-probabilities [M, C] with class weights and an ignored class, and the
     * smoothing term -sum_c w_c logp_c, both 0 for ignored samples; and the weights w_{t_i} of the samples counted,
     * whose sum a mean divides by. Only the counted rows are taken from logp, so an ignored row gets no gradient at all
     * (not 0 times the infinite derivative of a mean over nothing).
     */
    static Tensor[] weightedPicks(Tensor logp, Tensor target, Tensor weight, long ignoreIndex) {
        long[] t = target.toLongArray();
        long[] rows = new long[t.length];
        int k = 0;
        for (int i = 0; i < t.length; i++) if (t[i] != ignoreIndex) rows[k++] = i;
        Tensor counted = Tensor.fromArray(java.util.Arrays.copyOf(rows, k)).to(logp.backend());
        Tensor lp = logp.indexSelect(0, counted), tk = target.indexSelect(0, counted);
        Tensor picked = lp.gather(1, tk.unsqueeze(1)).squeeze(1);
        Tensor w = weight == null ? Tensor.onesLike(picked) : weight.gather(0, tk);
        Tensor smooth = (weight == null ? lp : lp.mul(weight)).sum(1).neg();
        Tensor zeros = Tensor.empty(dev.descent.tensor.Shape.of(t.length), logp.dtype(), logp.backend());
        return new Tensor[] {zeros.indexAdd(0, counted, picked.mul(w).neg()), zeros.indexAdd(0, counted, smooth), w};
    }

    /** [N, C, d1, ...] as [N, d1, ..., C]. */
    static Tensor classesLast(Tensor scores) {
        int[] perm = new int[scores.dim()];
        perm[0] = 0;
        for (int d = 2; d < scores.dim(); d++) perm[d - 1] = d;
        perm[scores.dim() - 1] = 1;
        return scores.permute(perm);
    }
}
