package dev.descent.optim;

import dev.descent.autograd.GradMode;
import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping, applied between backward and {@link Optimizer#step()}. Parameters without a gradient are skipped.
 */
public final class Clip {
    private Clip() {}

    /**
     * Scales all gradients together so that their total L2 norm ‖(g₁, ..., gₙ)‖ is at most {@code maxNorm}, and returns
     * the total norm before clipping (what a trainer logs as grad_norm). A NaN or infinite norm is returned as it is
     * and the gradients are left untouched, so the divergence shows in the log and in the next step instead of being
     * scaled away.
     */
    public static double gradNorm_(Iterable<? extends Tensor> params, double maxNorm) {
        return gradNorm_(params, maxNorm, false);
    }

    /**
     * As {@link #gradNorm_(Iterable, double)}; with {@code errorIfNonfinite} a NaN or infinite norm throws, naming the
     * first parameter at fault.
     */
    public static double gradNorm_(Iterable<? extends Tensor> params, double maxNorm, boolean errorIfNonfinite) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("max norm must be > 0, got " + Check.format(maxNorm));
        List<Tensor> all = new ArrayList<>();
        if (params == null) throw new IllegalArgumentException("params must not be null");
        params.forEach(all::add);
        List<Tensor> withGrad = withGrad(all);
        if (withGrad.isEmpty()) return 0;
        try (var _ = GradMode.noGrad()) {
            Tensor perParam = squaredNorms(withGrad);
            double total = Math.sqrt(perParam.sum().item());
            if (!Double.isFinite(total)) {
                if (errorIfNonfinite) {
                    double[] sq = perParam.toDoubleArray();
                    int bad = 0;
                    while (bad < sq.length - 1 && Double.isFinite(sq[bad])) bad++;
                    Tensor culprit = withGrad.get(bad);
                    throw new ArithmeticException("the total gradient norm is " + total + ": the gradient of parameter "
                            + all.indexOf(culprit) + " " + culprit.shape() + " is not finite");
                }
                return total;
            }
            // The 1e-6 keeps the scale finite for a zero norm, as PyTorch does.
            double scale = maxNorm / (total + 1e-6);
            if (scale < 1) {
                for (Tensor p : withGrad) scaleGrad(p, scale);
            }
            return total;
        }
    }

    /**
     * As {@link #gradNorm_(Iterable, double)}, without reading the norm back: the total norm stays a float64 scalar
     * tensor, and the scale, min(1, maxNorm / (‖g‖ + 1e-6)), or 1 where the norm is not finite, is computed by kernels
     * (as PyTorch's {@code clip_grad_norm_} does), so a traced training step that clips replays whole. Returns the norm
     * as that tensor.
     *
     * <p>Bit for bit {@link #gradNorm_(Iterable, double)}: the norm and scale take the same float64 steps (the sum of
     * the per-parameter sums of squares, sqrt, + 1e-6, the division), every gradient is multiplied by the same float64
     * scale, and where that method leaves a gradient alone this one multiplies it by exactly 1, which changes no bit.
     * The price is that pass over the gradients on steps that clip nothing.
     */
    public static Tensor gradNormWithoutReadBack_(Iterable<? extends Tensor> params, double maxNorm) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("max norm must be > 0, got " + Check.format(maxNorm));
        List<Tensor> withGrad = withGrad(params);
        if (withGrad.isEmpty()) return Tensor.scalar(0, DType.FLOAT64);
        try (var _ = GradMode.noGrad()) {
            Tensor total = squaredNorms(withGrad).sum().sqrt();
            Tensor scale =
                    Tensor.scalar(maxNorm, DType.FLOAT64).div(total.add(1e-6)).clampMax(1.0);
            // NaN and infinity fail "< infinity": a divergent norm leaves the gradients as they are.
            Tensor kept = Tensor.where(total.lt(Double.POSITIVE_INFINITY), scale, Tensor.scalar(1, DType.FLOAT64));
            for (Tensor p : withGrad) scaleGrad(p, kept);
            return total;
        }
    }

    /** Each parameter's squared gradient norm, as a float64 vector: what both clipping forms sum. */
    private static Tensor squaredNorms(List<Tensor> withGrad) {
        List<Tensor> squares = new ArrayList<>(withGrad.size());
        for (Tensor p : withGrad) squares.add(p.grad().sumSquares().reshape(1));
        // Widened once after the cat (exactly, float to double) rather than per parameter: one kernel, not n.
        return Tensor.cat(squares, 0).to(DType.FLOAT64);
    }

    /** Clamps every gradient element into [-clip, clip]. */
    public static void gradValue_(Iterable<? extends Tensor> params, double clip) {
        if (!(clip > 0)) throw new IllegalArgumentException("clip value must be > 0, got " + Check.format(clip));
        try (var _ = GradMode.noGrad()) {
            for (Tensor p : withGrad(params)) {
                Tensor g = p.grad();
                if (writable(g)) g.clamp_(-clip, clip);
                else p.setGrad(g.clamp(-clip, clip));
            }
        }
    }

    private static void scaleGrad(Tensor p, double scale) {
        Tensor g = p.grad();
        if (writable(g)) g.mul_(scale);
        else p.setGrad(g.mul(scale));
    }

    private static void scaleGrad(Tensor p, Tensor scale) {
        Tensor g = p.grad();
        if (writable(g)) g.mul_(scale);
        else p.setGrad(g.mul(scale));
    }

    /** An expanded gradient shares elements, and scaling it in place would scale them several times. */
    private static boolean writable(Tensor g) {
        return g.isContiguous();
    }

    private static List<Tensor> withGrad(Iterable<? extends Tensor> params) {
        if (params == null) throw new IllegalArgumentException("params must not be null");
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : params) if (p != null && p.grad() != null) out.add(p);
        return out;
    }
}
