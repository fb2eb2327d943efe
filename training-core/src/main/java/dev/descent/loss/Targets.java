package dev.descent.loss;

import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;

/** Shape and dtype checks shared by the losses, so a mismatch fails with both shapes named. */
final class Targets {
    private Targets() {}

    /**
     * The output must be floating point and the target the same shape; the target is converted to the output's dtype.
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
        if (flatTarget.numel() > 0) {
            long lo = flatTarget.min().itemLong(), hi = flatTarget.max().itemLong();
            if (lo < 0 || hi >= classes) {
                throw new IllegalArgumentException(loss + ": target class " + (lo < 0 ? lo : hi)
                        + " is out of range for " + classes + " classes (valid: 0 to " + (classes - 1) + ")");
            }
        }
        return new Tensor[] {flatScores, flatTarget};
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
