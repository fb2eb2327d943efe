package dev.descent.conformance;

import dev.descent.backend.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws one case: random choices, shapes and inputs from the case's own random stream, so the case depends on the seed
 * and its id only. Inputs get random layouts (transposed, strided with a step, broadcast with stride 0) unless asked
 * otherwise, and floating inputs that need no gradient sometimes hold NaN, infinities and signed zeros.
 */
final class CaseBuilder {
    /** The value ranges inputs are drawn from. */
    enum Domain {
        /** Floats in (-3, 3); integers in [-6, 6] ([0, 12] for uint8). */
        ANY,
        /** Floats in (0.1, 4); integers in [1, 6]. */
        POSITIVE,
        /** Floats in (0.02, 0.98): probabilities. */
        UNIT,
        /** Magnitudes in (0.5, 2) with either sign: away from the kinks of abs, relu and division. */
        AWAY_FROM_ZERO,
        /** Distinct values, so maxima, sorts and their gradients are unambiguous. */
        DISTINCT
    }

    static final List<DType> ALL = List.of(DType.values());
    static final List<DType> FLOATS = List.of(DType.FLOAT32, DType.FLOAT64);
    static final List<DType> INTEGERS = List.of(DType.UINT8, DType.INT8, DType.INT32, DType.INT64);

    private final SplittableRandom r;
    private final long seed;
    private final int id;
    private final String family;
    private final List<CaseInput> inputs = new ArrayList<>();
    /** The chance that a float input without a gradient holds special values. */
    double specials = 0.08;

    CaseBuilder(long seed, int id, String family, SplittableRandom r) {
        this.seed = seed;
        this.id = id;
        this.family = family;
        this.r = r;
    }

    /** A builder for another attempt at the same case: same random stream, no inputs yet. */
    CaseBuilder fresh(String family) {
        CaseBuilder b = new CaseBuilder(seed, id, family, r);
        b.specials = specials;
        return b;
    }

    Case build(String op, int order, Object... args) {
        return new Case(seed, id, family, op, List.copyOf(inputs), Arrays.asList(args), order);
    }

    // ---- random choices ------------------------------------------------------------------------

    /** Uniform in [lo, hi], both included. */
    int between(int lo, int hi) {
        return lo + r.nextInt(hi - lo + 1);
    }

    boolean chance(double p) {
        return r.nextDouble() < p;
    }

    double uniform(double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[r.nextInt(options.length)];
    }

    <T> T pick(List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    DType floatType() {
        return pick(FLOATS);
    }

    /** A random dimension index of a rank-{@code rank} tensor, negative half the time (0 or -1 for a 0-dim one). */
    int dim(int rank) {
        int n = Math.max(rank, 1);
        int d = r.nextInt(n);
        return chance(0.3) ? d - n : d;
    }

    /** Random sizes, 1 to 4 each, and 0 now and then. */
    int[] shape(int minRank, int maxRank) {
        int[] s = new int[between(minRank, maxRank)];
        for (int i = 0; i < s.length; i++) s[i] = chance(0.03) ? 0 : between(1, 4);
        return s;
    }

    /** A shape that broadcasts against {@code shape}: some leading dims dropped or added, some sizes set to 1. */
    int[] broadcastPartner(int[] shape) {
        if (chance(0.25)) return shape.clone();
        int drop = shape.length == 0 ? 0 : between(0, shape.length);
        List<Integer> out = new ArrayList<>();
        if (drop == 0 && chance(0.2)) out.add(between(1, 3)); // a leading dim the other lacks
        for (int i = drop; i < shape.length; i++) out.add(chance(0.35) ? 1 : shape[i]);
        if (chance(0.15) && shape.length > 0 && drop == 0) { // and the other way round: this one is 1 where it is not
            int i = r.nextInt(shape.length);
            if (shape[i] == 1) out.set(out.size() - shape.length + i, between(2, 3));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    // ---- inputs --------------------------------------------------------------------------------

    /** An input without a gradient, in a random layout. */
    Case.Ref tensor(DType dtype, int[] shape, Domain domain) {
        return input(dtype, shape, domain, false, true, true);
    }

    /** A floating input that requires grad, in a random layout. */
    Case.Ref grad(DType dtype, int[] shape, Domain domain) {
        return input(dtype, shape, domain, true, true, true);
    }

    /** Requires grad when {@code grad} and the dtype is floating. */
    Case.Ref maybeGrad(DType dtype, int[] shape, Domain domain, boolean grad) {
        return input(dtype, shape, domain, grad && dtype.isFloatingPoint(), true, true);
    }

    /** Int64 indices in [0, bound), contiguous. */
    Case.Ref index(int[] shape, int bound) {
        double[] data = new double[numel(shape)];
        for (int i = 0; i < data.length; i++) data[i] = bound <= 0 ? 0 : r.nextInt(bound);
        return exact(DType.INT64, shape, data, false);
    }

    /** An input holding exactly {@code data}, contiguous. */
    Case.Ref exact(DType dtype, int[] shape, double[] data, boolean grad) {
        inputs.add(new CaseInput(dtype, shape.clone(), data, grad, List.of()));
        return new Case.Ref(inputs.size() - 1);
    }

    /**
     * An input of {@code shape}: a leaf, and views over it that give that shape with other strides. A leaf may be
     * strided on one dimension with a step, then permuted; and an input that is only read may be broadcast with stride
     * 0 from a smaller leaf.
     */
    Case.Ref input(DType dtype, int[] shape, Domain domain, boolean grad, boolean layouts, boolean expandable) {
        List<List<Object>> views = new ArrayList<>();
        int[] pre = shape.clone();
        List<Object> expand = null;
        if (layouts && expandable && shape.length > 0 && chance(0.1)) {
            int lead = chance(0.3) ? between(0, shape.length - 1) : 0;
            int[] small = Arrays.copyOfRange(shape, lead, shape.length);
            for (int i = 0; i < small.length; i++) if (chance(0.5)) small[i] = 1;
            if (numel(small) != numel(shape) || lead > 0) {
                pre = small;
                expand = List.of("expand", boxed(shape));
            }
        }
        List<Object> permute = null;
        int[] leaf = pre.clone();
        if (layouts && pre.length >= 2 && chance(0.25)) {
            int[] q = permutation(pre.length);
            if (!isIdentity(q)) {
                for (int i = 0; i < q.length; i++) leaf[q[i]] = pre[i];
                permute = List.of("permute", boxed(q));
            }
        }
        List<Object> slice = null;
        if (layouts && leaf.length >= 1 && chance(0.2)) {
            int d = r.nextInt(leaf.length), step = between(2, 3), start = r.nextInt(step);
            int count = leaf[d];
            int size = count == 0 ? start : start + (count - 1) * step + 1 + r.nextInt(step);
            int end = count == 0 ? start : start + (count - 1) * step + 1;
            leaf[d] = size;
            slice = List.of("slice", d, start, end, step);
        }
        if (slice != null) views.add(slice);
        if (permute != null) views.add(permute);
        if (expand != null) views.add(expand);
        double[] data = values(dtype, numel(leaf), domain, grad);
        inputs.add(new CaseInput(dtype, leaf, data, grad && dtype.isFloatingPoint(), List.copyOf(views)));
        return new Case.Ref(inputs.size() - 1);
    }

    double[] values(DType dtype, int n, Domain domain, boolean grad) {
        double[] v = new double[n];
        if (domain == Domain.DISTINCT) {
            int[] p = permutation(n);
            for (int i = 0; i < n; i++) v[i] = dtype.isFloatingPoint() ? (p[i] - n / 2.0) * 0.37 : p[i] - n / 2;
            if (dtype == DType.UINT8 || dtype == DType.BOOL) for (int i = 0; i < n; i++) v[i] = p[i] % 2;
            return round(dtype, v);
        }
        for (int i = 0; i < n; i++) {
            v[i] = switch (dtype) {
                case BOOL -> r.nextInt(2);
                case UINT8 -> domain == Domain.POSITIVE ? between(1, 6) : between(0, 12);
                case INT8, INT32, INT64 ->
                    domain == Domain.POSITIVE ? between(1, 6) : domain == Domain.UNIT ? between(0, 1) : between(-6, 6);
                case FLOAT32, FLOAT64 ->
                    switch (domain) {
                        case ANY -> uniform(-3, 3);
                        case POSITIVE -> uniform(0.1, 4);
                        case UNIT -> uniform(0.02, 0.98);
                        case AWAY_FROM_ZERO -> uniform(0.5, 2) * (chance(0.5) ? -1 : 1);
                        case DISTINCT -> throw new AssertionError();
                    };
            };
        }
        if (dtype.isFloatingPoint() && domain == Domain.ANY && !grad && n > 0 && chance(specials)) {
            double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1e-30};
            for (int k = between(1, Math.min(3, n)); k > 0; k--) v[r.nextInt(n)] = pick(boxed(special));
        }
        return round(dtype, v);
    }

    private static double[] round(DType dtype, double[] v) {
        if (dtype == DType.FLOAT32) for (int i = 0; i < v.length; i++) v[i] = (float) v[i];
        return v;
    }

    int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static boolean isIdentity(int[] p) {
        for (int i = 0; i < p.length; i++) if (p[i] != i) return false;
        return true;
    }

    static List<Object> boxed(int[] a) {
        List<Object> out = new ArrayList<>();
        for (int v : a) out.add((long) v);
        return out;
    }

    private static Double[] boxed(double[] a) {
        return Arrays.stream(a).boxed().toArray(Double[]::new);
    }
}
