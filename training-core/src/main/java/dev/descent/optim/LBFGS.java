package dev.descent.optim;

import dev.descent.autograd.GradMode;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Limited-memory BFGS (Nocedal and Wright, Algorithm 7.4) over all parameters as one flat vector x, with a closure that
 * recomputes the loss f and the gradient g. The last m pairs s_k = x_{k+1} - x_k, y_k = g_{k+1} - g_k (kept when
 * y_kᵀs_k > 0) give the direction by the two-loop recursion
 *
 * <pre>
 *   d = -H g,   H = V_kᵀ H V_k + ρ_k s_k s_kᵀ  (applied over the stored pairs),   V_k = I - ρ_k y_k s_kᵀ,
 *   ρ_k = 1 / y_kᵀs_k,   H₀ = (y_kᵀs_k / y_kᵀy_k) I   (the latest pair)
 * </pre>
 *
 * and x += t d, with t = α (on the very first iteration min(1, 1/|g|₁) α), or t from a strong-Wolfe line search (c1 =
 * 1e-4, c2 = 0.9, cubic interpolation) when {@code strongWolfe} is on. One {@link #step} runs up to {@code maxIter}
 * iterations and stops early when |g|∞ ≤ toleranceGrad, or when the step or the change in f falls below
 * toleranceChange. As in PyTorch, it takes one parameter group.
 */
public final class LBFGS extends Optimizer<LBFGS.Hyper> {

    public record Hyper(
            int maxIter,
            int maxEval,
            double toleranceGrad,
            double toleranceChange,
            int historySize,
            boolean strongWolfe) {
        public static final Hyper DEFAULT = of(20, 100, false);

        public Hyper {
            Check.atLeast("maxIter", "max iterations", 1, maxIter);
            Check.atLeast("maxEval", "max function evaluations", 1, maxEval);
            Check.nonNegative("toleranceGrad", "gradient tolerance", toleranceGrad);
            Check.nonNegative("toleranceChange", "change tolerance", toleranceChange);
            Check.atLeast("historySize", "history size", 1, historySize);
        }

        /** PyTorch's defaults for the rest: maxEval = maxIter * 5/4, tolerances 1e-7 and 1e-9. */
        public static Hyper of(int maxIter, int historySize, boolean strongWolfe) {
            return new Hyper(maxIter, Math.max(1, maxIter * 5 / 4), 1e-7, 1e-9, historySize, strongWolfe);
        }
    }

    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    private static final int MAX_LINE_SEARCH = 25;

    private long funcEvals;
    private long iterations;
    private Tensor direction;
    private double stepSize;
    private double hDiag = 1;
    private Tensor prevFlatGrad;
    private double prevLoss;
    private final List<Tensor> oldDirs = new ArrayList<>();
    private final List<Tensor> oldSteps = new ArrayList<>();
    private final List<Double> ro = new ArrayList<>();

    public LBFGS(Iterable<? extends Tensor> params) {
        this(params, 1.0);
    }

    public LBFGS(Iterable<? extends Tensor> params, double lr) {
        this(params, lr, Hyper.DEFAULT);
    }

    public LBFGS(Iterable<? extends Tensor> params, double lr, Hyper hyper) {
        super(params, lr, hyper);
    }

    @Override
    protected void update(Tensor param, Tensor grad, double lr, Hyper hyper, ParamState state) {
        throw new IllegalStateException("L-BFGS updates all parameters together: call step(closure)");
    }

    @Override
    public void step() {
        throw new IllegalStateException(
                "L-BFGS re-evaluates the loss: call step(closure) with a closure that zeroes the gradients, computes the loss and calls backward");
    }

    @Override
    public void addParamGroup(Iterable<? extends Tensor> params, double lr, Hyper hyper) {
        throw new UnsupportedOperationException(
                "L-BFGS takes a single parameter group; pass all parameters to the constructor");
    }

    /** Function evaluations (closure calls) so far, over all steps. */
    public long funcEvals() {
        return funcEvals;
    }

    /** Iterations so far, over all steps. */
    public long iterations() {
        return iterations;
    }

    /** Runs up to maxIter iterations; returns the loss from the first evaluation, as PyTorch does. */
    @Override
    public Tensor step(Supplier<Tensor> closure) {
        Objects.requireNonNull(closure, "closure");
        Hyper h = paramGroups().getFirst().hyper();
        double lr = paramGroups().getFirst().lr();
        try (var _ = GradMode.noGrad()) {
            Tensor origLoss = evaluate(closure);
            double loss = origLoss.item();
            int currentEvals = 1;
            funcEvals++;
            Tensor flatGrad = flatGrad();
            if (absMax(flatGrad) <= h.toleranceGrad()) return origLoss;

            for (int n = 1; n <= h.maxIter(); n++) {
                iterations++;
                if (iterations == 1) {
                    direction = flatGrad.neg();
                    oldDirs.clear();
                    oldSteps.clear();
                    ro.clear();
                    hDiag = 1;
                } else {
                    direction = twoLoop(flatGrad, h.historySize());
                }
                prevFlatGrad = flatGrad;
                prevLoss = loss;
                stepSize =
                        iterations == 1 ? Math.min(1, 1 / flatGrad.abs().sum().item()) * lr : lr;
                double gtd = dot(flatGrad, direction);
                if (gtd > -h.toleranceChange()) break;

                int lineEvals;
                if (h.strongWolfe()) {
                    Probe found = strongWolfe(closure, stepSize, direction, loss, flatGrad, gtd, h.toleranceChange());
                    addToParams(found.t, direction);
                    stepSize = found.t;
                    loss = found.f;
                    flatGrad = found.grad;
                    lineEvals = found.evals;
                } else {
                    addToParams(stepSize, direction);
                    lineEvals = 0;
                    if (n != h.maxIter()) {
                        loss = evaluate(closure).item();
                        flatGrad = flatGrad();
                        lineEvals = 1;
                    }
                }
                currentEvals += lineEvals;
                funcEvals += lineEvals;

                if (n == h.maxIter()) break;
                if (currentEvals >= h.maxEval()) break;
                if (absMax(flatGrad) <= h.toleranceGrad()) break;
                if (absMax(direction) * Math.abs(stepSize) <= h.toleranceChange()) break;
                if (Math.abs(loss - prevLoss) < h.toleranceChange()) break;
            }
            return origLoss;
        }
    }

    /** Records the newest curvature pair and returns -H g by the two-loop recursion. */
    private Tensor twoLoop(Tensor flatGrad, int historySize) {
        Tensor y = flatGrad.sub(prevFlatGrad);
        Tensor s = direction.mul(stepSize);
        double ys = dot(y, s);
        if (ys > 1e-10) {
            if (oldDirs.size() == historySize) {
                oldDirs.removeFirst();
                oldSteps.removeFirst();
                ro.removeFirst();
            }
            oldDirs.add(y);
            oldSteps.add(s);
            ro.add(1 / ys);
            hDiag = ys / dot(y, y);
        }
        int k = oldDirs.size();
        double[] al = new double[k];
        Tensor q = flatGrad.neg();
        for (int i = k - 1; i >= 0; i--) {
            al[i] = dot(oldSteps.get(i), q) * ro.get(i);
            q.add_(oldDirs.get(i), -al[i]);
        }
        Tensor r = q.mul_(hDiag);
        for (int i = 0; i < k; i++) {
            double be = dot(oldDirs.get(i), r) * ro.get(i);
            r.add_(oldSteps.get(i), al[i] - be);
        }
        return r;
    }

    /** A point on the line x0 + t d: its loss, flat gradient and directional derivative. */
    private record Probe(double t, double f, Tensor grad, double gtd, int evals) {
        Probe counted(int evals) {
            return new Probe(t, f, grad, gtd, evals);
        }
    }

    /**
     * A step t satisfying the strong Wolfe conditions f(t) ≤ f(0) + c1 t f'(0) and |f'(t)| ≤ c2 |f'(0)| (Nocedal and
     * Wright, Algorithms 3.5 and 3.6): extrapolate until the minimum is bracketed, then zoom in, every trial kept
     * inside the bracket (PyTorch's cubic step may leave it, so the two can take different steps). Leaves the
     * parameters at x0; returns the best point found.
     */
    private Probe strongWolfe(
            Supplier<Tensor> closure, double t, Tensor d, double f0, Tensor g0, double gtd0, double toleranceChange) {
        List<Tensor> x0 = saveParams();
        double dMax = absMax(d);
        Probe prev = new Probe(0, f0, g0, gtd0, 0);
        Probe cur = probe(closure, x0, t, d);
        int evals = 1;
        Probe lo;
        Probe hi;
        while (true) {
            if (cur.f > f0 + C1 * cur.t * gtd0 || (evals > 1 && cur.f >= prev.f)) {
                lo = prev;
                hi = cur;
                break;
            }
            if (Math.abs(cur.gtd) <= -C2 * gtd0) return cur.counted(evals);
            if (cur.gtd >= 0) {
                lo = cur;
                hi = prev;
                break;
            }
            if (evals >= MAX_LINE_SEARCH) return cur.counted(evals);
            double next = cubicMinimum(prev, cur, cur.t + 0.01 * (cur.t - prev.t), cur.t * 10);
            prev = cur;
            cur = probe(closure, x0, next, d);
            evals++;
        }
        while (evals < MAX_LINE_SEARCH) {
            double a = Math.min(lo.t, hi.t);
            double b = Math.max(lo.t, hi.t);
            if ((b - a) * dMax < toleranceChange) break;
            // Keep the trial off the interval's ends, or a bad cubic fit creeps towards one forever.
            double margin = 0.1 * (b - a);
            double trial = Math.clamp(cubicMinimum(lo, hi, a, b), a + margin, b - margin);
            Probe p = probe(closure, x0, trial, d);
            evals++;
            if (p.f > f0 + C1 * p.t * gtd0 || p.f >= lo.f) {
                hi = p;
            } else {
                if (Math.abs(p.gtd) <= -C2 * gtd0) return p.counted(evals);
                if (p.gtd * (hi.t - lo.t) >= 0) hi = lo;
                lo = p;
            }
        }
        return lo.counted(evals);
    }

    /** The minimiser within [min, max] of the cubic through two points with their slopes (N&W eq. 3.59). */
    private static double cubicMinimum(Probe p1, Probe p2, double min, double max) {
        double d1 = p1.gtd + p2.gtd - 3 * (p1.f - p2.f) / (p1.t - p2.t);
        double d2sq = d1 * d1 - p1.gtd * p2.gtd;
        if (d2sq < 0) return (min + max) / 2;
        double d2 = Math.sqrt(d2sq);
        double pos = p1.t <= p2.t
                ? p2.t - (p2.t - p1.t) * ((p2.gtd + d2 - d1) / (p2.gtd - p1.gtd + 2 * d2))
                : p1.t - (p1.t - p2.t) * ((p1.gtd + d2 - d1) / (p1.gtd - p2.gtd + 2 * d2));
        if (Double.isNaN(pos)) return (min + max) / 2;
        return Math.clamp(pos, min, max);
    }

    private Probe probe(Supplier<Tensor> closure, List<Tensor> x0, double t, Tensor d) {
        addToParams(t, d);
        double f = evaluate(closure).item();
        Tensor g = flatGrad();
        restoreParams(x0);
        return new Probe(t, f, g, dot(g, d), 0);
    }

    private Tensor evaluate(Supplier<Tensor> closure) {
        Tensor loss;
        try (var _ = GradMode.enableGrad()) {
            loss = closure.get();
        }
        if (loss == null || loss.numel() != 1) {
            throw new IllegalStateException("the L-BFGS closure must return the loss as a one-element tensor, got "
                    + (loss == null ? "null" : "shape " + loss.shape()));
        }
        return loss;
    }

    /** Every parameter's gradient, flattened and joined (zeros where a parameter got none). */
    private Tensor flatGrad() {
        List<Tensor> parts = new ArrayList<>();
        for (Tensor p : allParams()) {
            Tensor g = p.grad();
            parts.add(g == null ? Tensor.zerosLike(p).reshape(-1) : g.reshape(-1));
        }
        return Tensor.cat(parts, 0);
    }

    private void addToParams(double t, Tensor d) {
        int offset = 0;
        for (Tensor p : allParams()) {
            int n = p.numel();
            p.add_(d.narrow(0, offset, n).view(p.sizes()), t);
            offset += n;
        }
    }

    private List<Tensor> saveParams() {
        return allParams().stream().map(Tensor::clone).toList();
    }

    private void restoreParams(List<Tensor> saved) {
        List<Tensor> all = allParams();
        for (int i = 0; i < all.size(); i++) all.get(i).copy_(saved.get(i));
    }

    private static double dot(Tensor a, Tensor b) {
        return a.mul(b).sum().item();
    }

    private static double absMax(Tensor a) {
        return a.abs().max().item();
    }

    private int numel() {
        return allParams().stream().mapToInt(Tensor::numel).sum();
    }

    /** Adds the iteration state under {@code lbfgs.*}: counters, the last direction and gradient, the history. */
    @Override
    public StateDict stateDict() {
        StateDict base = super.stateDict();
        Map<String, Tensor> tensors = new LinkedHashMap<>(base.tensors());
        Map<String, Double> scalars = new LinkedHashMap<>(base.scalars());
        scalars.put("lbfgs.func_evals", (double) funcEvals);
        scalars.put("lbfgs.n_iter", (double) iterations);
        scalars.put("lbfgs.t", stepSize);
        scalars.put("lbfgs.h_diag", hDiag);
        scalars.put("lbfgs.prev_loss", prevLoss);
        scalars.put("lbfgs.history", (double) oldDirs.size());
        try (var _ = GradMode.noGrad()) {
            if (direction != null) tensors.put("lbfgs.d", direction.clone());
            if (prevFlatGrad != null) tensors.put("lbfgs.prev_flat_grad", prevFlatGrad.clone());
            for (int i = 0; i < oldDirs.size(); i++) {
                tensors.put("lbfgs.old_dirs." + i, oldDirs.get(i).clone());
                tensors.put("lbfgs.old_stps." + i, oldSteps.get(i).clone());
                scalars.put("lbfgs.ro." + i, ro.get(i));
            }
        }
        return new StateDict(tensors, scalars);
    }

    @Override
    public void loadStateDict(StateDict saved) {
        int n = numel();
        int history = (int) saved.scalar("lbfgs.history");
        Tensor like = allParams().getFirst();
        List<Tensor> dirs = new ArrayList<>();
        List<Tensor> steps = new ArrayList<>();
        List<Double> rho = new ArrayList<>();
        Tensor d;
        Tensor prevGrad;
        try (var _ = GradMode.noGrad()) {
            for (int i = 0; i < history; i++) {
                dirs.add(flatCopy(saved, "lbfgs.old_dirs." + i, n, like));
                steps.add(flatCopy(saved, "lbfgs.old_stps." + i, n, like));
                rho.add(saved.scalar("lbfgs.ro." + i));
            }
            d = saved.tensors().containsKey("lbfgs.d") ? flatCopy(saved, "lbfgs.d", n, like) : null;
            prevGrad = saved.tensors().containsKey("lbfgs.prev_flat_grad")
                    ? flatCopy(saved, "lbfgs.prev_flat_grad", n, like)
                    : null;
        }
        super.loadStateDict(saved);
        funcEvals = (long) saved.scalar("lbfgs.func_evals");
        iterations = (long) saved.scalar("lbfgs.n_iter");
        stepSize = saved.scalar("lbfgs.t");
        hDiag = saved.scalar("lbfgs.h_diag");
        prevLoss = saved.scalar("lbfgs.prev_loss");
        direction = d;
        prevFlatGrad = prevGrad;
        oldDirs.clear();
        oldDirs.addAll(dirs);
        oldSteps.clear();
        oldSteps.addAll(steps);
        ro.clear();
        ro.addAll(rho);
    }

    private static Tensor flatCopy(StateDict saved, String key, int n, Tensor like) {
        Tensor src = saved.tensor(key);
        if (src.dim() != 1 || src.numel() != n) {
            throw new IllegalArgumentException(
                    key + " has shape " + src.shape() + " but the parameters hold " + n + " values");
        }
        return Tensor.empty(src.shape(), like.dtype(), like.backend()).copy_(src);
    }
}
