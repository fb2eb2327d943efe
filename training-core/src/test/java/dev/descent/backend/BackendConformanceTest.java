package dev.descent.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conformance suite every {@link Backend} must pass: each kernel against a naive reference written here in double
 * arithmetic, over random shapes and layouts drawn from a seeded {@link Random} - contiguous, transposed, padded and
 * offset views, broadcast (stride-0) operands, sizes that fall on and off the edges of blocked kernels, empty tensors,
 * and float64. A backend adds a subclass that names it.
 */
public abstract class BackendConformanceTest {

    /** The backend under test. */
    protected abstract Backend backend();

    // ============================================================================================
    // Operands: a random strided view over a host array the reference reads directly
    // ============================================================================================

    /** How an operand is laid out in its storage. */
    enum Layout {
        CONTIGUOUS,
        PERMUTED,
        PADDED,
        BROADCAST,
        ANY
    }

    /** A tensor view plus the raw host values and geometry, so the reference never goes through the backend. */
    record Operand(Tensor tensor, double[] raw, int[] shape, int[] strides, int offset) {
        int numel() {
            return Shape.of(shape).numel();
        }

        /** The element at a row-major logical index. */
        double at(int flat) {
            int off = offset;
            for (int d = shape.length - 1; d >= 0; d--) {
                off += (flat % shape[d]) * strides[d];
                flat /= shape[d];
            }
            return raw[off];
        }

        double get(int... idx) {
            int off = offset;
            for (int d = 0; d < idx.length; d++) off += idx[d] * strides[d];
            return raw[off];
        }

        @Override
        public String toString() {
            return Arrays.toString(shape) + " strides " + Arrays.toString(strides) + " offset " + offset;
        }
    }

    /** Values drawn for an operand. */
    @FunctionalInterface
    interface Values {
        double draw(Random r);
    }

    static final Values NORMAL = Random::nextGaussian;
    static final Values POSITIVE = r -> 0.1 + 2 * r.nextDouble();
    static final Values SMALL_INTS = r -> r.nextInt(11) - 5;
    static final Values BITS = r -> r.nextInt(2);

    Operand operand(Random r, DType dtype, int[] shape, Layout layout, Values values) {
        return operand(r, dtype, shape, layout, values, null);
    }

    /**
     * A random view of the given logical shape. {@code broadcast[d]} (or, for {@link Layout#BROADCAST}, a random
     * choice) gives dimension d stride 0; the physical order of dimensions is permuted, and rows padded, as the layout
     * asks.
     */
    Operand operand(Random r, DType dtype, int[] shape, Layout layout, Values values, boolean[] broadcast) {
        if (layout == Layout.ANY) layout = Layout.values()[r.nextInt(4)];
        int rank = shape.length;
        boolean[] zero = new boolean[rank];
        for (int d = 0; d < rank; d++) {
            zero[d] =
                    broadcast != null ? broadcast[d] : layout == Layout.BROADCAST && shape[d] > 1 && r.nextInt(3) == 0;
        }
        Integer[] order = new Integer[rank];
        for (int d = 0; d < rank; d++) order[d] = d;
        if (layout == Layout.PERMUTED || layout == Layout.PADDED) {
            List<Integer> list = new ArrayList<>(Arrays.asList(order));
            java.util.Collections.shuffle(list, r);
            order = list.toArray(new Integer[0]);
        }
        int[] strides = new int[rank];
        int stride = 1;
        for (int i = rank - 1; i >= 0; i--) {
            int d = order[i];
            if (zero[d]) continue;
            strides[d] = stride;
            int padding = layout == Layout.PADDED ? r.nextInt(3) : 0;
            stride *= Math.max(shape[d], 1) + padding;
        }
        int offset = layout == Layout.PADDED || layout == Layout.BROADCAST ? r.nextInt(4) : 0;
        int extent = offset + 1;
        for (int d = 0; d < rank; d++) extent += Math.max(shape[d] - 1, 0) * strides[d];
        double[] raw = new double[extent + (layout == Layout.PADDED ? r.nextInt(3) : 0)];
        for (int i = 0; i < raw.length; i++) raw[i] = round(values.draw(r), dtype);
        Tensor base = Tensor.of(backend().fromHost(dtype, host(raw, dtype)), Shape.of(raw.length));
        Tensor view = base.asStrided(shape, strides, offset);
        return new Operand(view, raw, shape.clone(), strides, offset);
    }

    /** The value as the dtype stores it. */
    static double round(double v, DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> (float) v;
            case FLOAT64 -> v;
            case BOOL -> v != 0 ? 1 : 0;
            default -> Math.rint(v);
        };
    }

    static Object host(double[] raw, DType dtype) {
        int n = raw.length;
        return switch (dtype) {
            case FLOAT32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) a[i] = (float) raw[i];
                yield a;
            }
            case FLOAT64 -> raw.clone();
            case INT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) a[i] = (long) raw[i];
                yield a;
            }
            case INT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) a[i] = (int) raw[i];
                yield a;
            }
            case INT8, UINT8, BOOL -> {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) a[i] = (byte) raw[i];
                yield a;
            }
        };
    }

    /** A contiguous output tensor on the backend. */
    Tensor output(DType dtype, int... shape) {
        return Tensor.empty(Shape.of(shape), dtype, backend());
    }

    /** Any tensor's elements in row-major order, through the backend's own toHost. */
    double[] read(Tensor t) {
        int n = t.numel();
        Object a = switch (t.dtype()) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT64 -> new long[n];
            case INT32 -> new int[n];
            case INT8, UINT8, BOOL -> new byte[n];
        };
        backend().toHost(t, a);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (a) {
                case float[] f -> f[i];
                case double[] d -> d[i];
                case long[] l -> l[i];
                case int[] v -> v[i];
                case byte[] b -> t.dtype() == DType.UINT8 ? b[i] & 0xFF : b[i];
                default -> throw new IllegalStateException();
            };
        }
        return out;
    }

    static int[] randomShape(Random r, int rank, int max) {
        int[] s = new int[rank];
        for (int d = 0; d < rank; d++) s[d] = r.nextInt(max) + 1;
        return s;
    }

    static void assertClose(double[] actual, double[] expected, double[] tolerance, String what) {
        assertThat(actual).as(what + ": element count").hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            double a = actual[i], e = expected[i];
            boolean ok = Double.isNaN(e) ? Double.isNaN(a) : e == a || Math.abs(a - e) <= tolerance[i];
            if (!ok)
                fail(what + ": element " + i + " is " + a + ", expected " + e + " (tolerance " + tolerance[i] + ")");
        }
    }

    static double[] relative(double[] expected, double rel, double abs) {
        double[] t = new double[expected.length];
        for (int i = 0; i < t.length; i++) t[i] = abs + rel * Math.abs(expected[i]);
        return t;
    }

    // ============================================================================================
    // matmul
    // ============================================================================================

    /** Sizes on and around the edges of register tiles and cache blocks, plus the degenerate 0 and 1. */
    private static final int[] EDGE_SIZES = {
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32, 33, 47, 63, 65, 100
    };

    record MatmulCase(int batch, int m, int k, int n, DType dtype, long seed) {
        @Override
        public String toString() {
            return batch + "x[" + m + "x" + k + " @ " + k + "x" + n + "] " + dtype.label() + " seed " + seed;
        }
    }

    static Stream<MatmulCase> matmulCases() {
        Random r = new Random(20240611L);
        List<MatmulCase> cases = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            int m = pick(r), k = pick(r), n = pick(r);
            cases.add(new MatmulCase(
                    1 + r.nextInt(3), m, k, n, i % 7 == 6 ? DType.FLOAT64 : DType.FLOAT32, r.nextLong()));
        }
        // Big enough for cache blocking (K > 256, M > 128), thread splitting and prepacking, odd on every side.
        cases.add(new MatmulCase(1, 131, 301, 257, DType.FLOAT32, 1));
        cases.add(new MatmulCase(1, 300, 263, 45, DType.FLOAT32, 2));
        cases.add(new MatmulCase(2, 67, 520, 130, DType.FLOAT32, 3));
        cases.add(new MatmulCase(1, 1, 784, 250, DType.FLOAT32, 4));
        cases.add(new MatmulCase(1, 784, 1, 250, DType.FLOAT32, 5));
        cases.add(new MatmulCase(1, 250, 784, 1, DType.FLOAT32, 6));
        cases.add(new MatmulCase(3, 6, 25, 576, DType.FLOAT32, 7));
        cases.add(new MatmulCase(1, 45, 70, 33, DType.FLOAT64, 8));
        return cases.stream();
    }

    private static int pick(Random r) {
        return r.nextInt(4) == 0 ? 1 + r.nextInt(150) : EDGE_SIZES[r.nextInt(EDGE_SIZES.length)];
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matmulCases")
    void matmulMatchesNaiveProduct(MatmulCase c) {
        Random r = new Random(c.seed());
        boolean broadcastA = c.batch() > 1 && r.nextInt(3) == 0,
                broadcastB = c.batch() > 1 && !broadcastA && r.nextInt(3) == 0;
        Operand a = operand(
                r,
                c.dtype(),
                new int[] {c.batch(), c.m(), c.k()},
                Layout.values()[r.nextInt(3)],
                NORMAL,
                new boolean[] {broadcastA, false, false});
        Operand b = operand(
                r,
                c.dtype(),
                new int[] {c.batch(), c.k(), c.n()},
                Layout.values()[r.nextInt(3)],
                NORMAL,
                new boolean[] {broadcastB, false, false});
        Tensor out = output(c.dtype(), c.batch(), c.m(), c.n());
        backend().fill(out, Double.NaN);
        backend().matmul(a.tensor(), b.tensor(), out);

        int total = c.batch() * c.m() * c.n();
        double[] expected = new double[total], tolerance = new double[total];
        double eps = c.dtype() == DType.FLOAT32 ? 2e-6 : 1e-13;
        for (int q = 0; q < c.batch(); q++) {
            for (int i = 0; i < c.m(); i++) {
                for (int j = 0; j < c.n(); j++) {
                    double s = 0, magnitude = 0;
                    for (int p = 0; p < c.k(); p++) {
                        double x = a.get(q, i, p) * b.get(q, p, j);
                        s += x;
                        magnitude += Math.abs(x);
                    }
                    int at = (q * c.m() + i) * c.n() + j;
                    expected[at] = s;
                    tolerance[at] = eps * (magnitude + 1) * Math.sqrt(c.k() + 1);
                }
            }
        }
        assertClose(read(out), expected, tolerance, "matmul of " + a + " and " + b);
    }

    /**
     * The epilogue must not change a bit: on every shape of the matmul cases (edge tiles, K blocks, thread splits, the
     * M = 1, N = 1 and K = 1 paths, batches with a shared operand, transposed and padded operands), bias + ReLU in the
     * product's store equals the product, then ADD of the broadcast bias, then RELU, run as separate kernels.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("matmulCases")
    void matmulWithAnEpilogueGivesTheBitsOfTheProductThenTheBiasThenTheActivation(MatmulCase c) {
        Random r = new Random(c.seed() ^ 0x5eed);
        Operand a = operand(r, c.dtype(), new int[] {c.batch(), c.m(), c.k()}, Layout.values()[r.nextInt(3)], NORMAL);
        boolean shared = c.batch() > 1 && r.nextBoolean();
        Operand b = operand(
                r,
                c.dtype(),
                new int[] {c.batch(), c.k(), c.n()},
                Layout.values()[r.nextInt(3)],
                NORMAL,
                new boolean[] {shared, false, false});
        // Every other case a strided bias: one column of a [n, 2] matrix.
        Tensor bias = r.nextBoolean()
                ? operand(r, c.dtype(), new int[] {c.n()}, Layout.PADDED, NORMAL)
                        .tensor()
                : operand(r, c.dtype(), new int[] {c.n(), 2}, Layout.PADDED, NORMAL)
                        .tensor()
                        .select(1, 1);
        for (Epilogue e : List.of(
                Epilogue.bias(bias),
                new Epilogue(null, Epilogue.Activation.RELU),
                new Epilogue(bias, Epilogue.Activation.RELU))) {
            Tensor fused = output(c.dtype(), c.batch(), c.m(), c.n());
            backend().fill(fused, Double.NaN);
            backend().matmul(a.tensor(), b.tensor(), fused, e);
            Tensor separate = output(c.dtype(), c.batch(), c.m(), c.n());
            backend().matmul(a.tensor(), b.tensor(), separate);
            if (e.bias() != null) {
                Tensor row = bias.reshape(1, 1, c.n());
                backend().binary(BinaryOp.ADD, separate, row.expand(c.batch(), c.m(), c.n()), separate, 1.0);
            }
            if (e.activation() == Epilogue.Activation.RELU) backend().unary(UnaryOp.RELU, separate, separate, 0, 0);
            assertThat(read(fused)).as(e.describe() + " on " + a + " @ " + b).containsExactly(read(separate));
        }
    }

    static Stream<MatmulCase> matmulSumCases() {
        Random r = new Random(20261205L);
        List<MatmulCase> cases = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            cases.add(new MatmulCase(
                    1 + r.nextInt(5),
                    pick(r),
                    pick(r),
                    pick(r),
                    i % 7 == 6 ? DType.FLOAT64 : DType.FLOAT32,
                    r.nextLong()));
        }
        // A 3x3 one-channel kernel's gradient (the narrow side crosses the tile), a 32-channel one's (K blocked per
        // image, threads split C), and one big enough to block M and N.
        cases.add(new MatmulCase(16, 32, 784, 9, DType.FLOAT32, 1));
        cases.add(new MatmulCase(8, 64, 196, 288, DType.FLOAT32, 2));
        cases.add(new MatmulCase(3, 150, 300, 70, DType.FLOAT32, 3));
        cases.add(new MatmulCase(0, 5, 7, 3, DType.FLOAT32, 4));
        cases.add(new MatmulCase(4, 9, 20, 5, DType.FLOAT64, 5));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matmulSumCases")
    void matmulSumMatchesTheSumOfTheNaiveProducts(MatmulCase c) {
        Random r = new Random(c.seed());
        // Operands as a convolution's kernel gradient has them: g [B, M, L] times the transposed columns [B, L, N].
        Operand a = operand(r, c.dtype(), new int[] {c.batch(), c.m(), c.k()}, Layout.values()[r.nextInt(3)], NORMAL);
        Operand b = operand(r, c.dtype(), new int[] {c.batch(), c.k(), c.n()}, Layout.values()[r.nextInt(3)], NORMAL);
        Tensor out = output(c.dtype(), c.m(), c.n());
        backend().fill(out, Double.NaN);
        backend().matmulSum(a.tensor(), b.tensor(), out);

        double[] expected = new double[c.m() * c.n()], tolerance = new double[expected.length];
        double eps = c.dtype() == DType.FLOAT32 ? 2e-6 : 1e-13;
        for (int i = 0; i < c.m(); i++) {
            for (int j = 0; j < c.n(); j++) {
                double s = 0, magnitude = 0;
                for (int q = 0; q < c.batch(); q++) {
                    for (int p = 0; p < c.k(); p++) {
                        double x = a.get(q, i, p) * b.get(q, p, j);
                        s += x;
                        magnitude += Math.abs(x);
                    }
                }
                expected[i * c.n() + j] = s;
                tolerance[i * c.n() + j] = eps * (magnitude + 1) * Math.sqrt(c.batch() * c.k() + 1);
            }
        }
        assertClose(read(out), expected, tolerance, "batch-summed matmul of " + a + " and " + b);
    }

    @Test
    void matmulOfTransposedViewsMatchesTheProductOfTheirCopies() {
        // The operand shapes of a dense layer's backward pass: g @ W^T and x^T @ g.
        Random r = new Random(11);
        Operand x = operand(r, DType.FLOAT32, new int[] {1, 37, 70}, Layout.CONTIGUOUS, NORMAL);
        Operand w = operand(r, DType.FLOAT32, new int[] {1, 70, 45}, Layout.CONTIGUOUS, NORMAL);
        Operand g = operand(r, DType.FLOAT32, new int[] {1, 37, 45}, Layout.CONTIGUOUS, NORMAL);
        Tensor wT = w.tensor().transpose(1, 2), xT = x.tensor().transpose(1, 2);
        Tensor gradInput = output(DType.FLOAT32, 1, 37, 70), gradWeight = output(DType.FLOAT32, 1, 70, 45);
        backend().matmul(g.tensor(), wT, gradInput);
        backend().matmul(xT, g.tensor(), gradWeight);
        Tensor wTc = output(DType.FLOAT32, 1, 45, 70), xTc = output(DType.FLOAT32, 1, 70, 37);
        backend().copy(wT, wTc);
        backend().copy(xT, xTc);
        Tensor gradInput2 = output(DType.FLOAT32, 1, 37, 70), gradWeight2 = output(DType.FLOAT32, 1, 70, 45);
        backend().matmul(g.tensor(), wTc, gradInput2);
        backend().matmul(xTc, g.tensor(), gradWeight2);
        double[] gi = read(gradInput2), gw = read(gradWeight2);
        assertClose(read(gradInput), gi, relative(gi, 1e-5, 1e-5), "g @ W^T");
        assertClose(read(gradWeight), gw, relative(gw, 1e-5, 1e-5), "x^T @ g");
    }

    @Test
    void matmulWithEmptyInnerDimensionWritesZeros() {
        Tensor a = output(DType.FLOAT32, 2, 3, 0), b = output(DType.FLOAT32, 2, 0, 5);
        Tensor out = output(DType.FLOAT32, 2, 3, 5);
        backend().fill(out, 7);
        backend().matmul(a, b, out);
        assertThat(read(out)).containsOnly(0.0);
    }

    // ============================================================================================
    // elementwise
    // ============================================================================================

    /** The reference of every binary op, in double arithmetic. */
    static double binaryReference(BinaryOp op, double a, double b, double alpha) {
        return switch (op) {
            case ADD -> a + alpha * b;
            case SUB -> a - alpha * b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAXIMUM -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
            case MINIMUM -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
            case ATAN2 -> Math.atan2(a, b);
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case LOGICAL_AND -> a != 0 && b != 0 ? 1 : 0;
            case LOGICAL_OR -> a != 0 || b != 0 ? 1 : 0;
            case FMOD -> a - b * (a / b < 0 ? Math.ceil(a / b) : Math.floor(a / b));
            case REMAINDER -> a - b * Math.floor(a / b);
            case FLOOR_DIVIDE -> Math.floor(a / b);
            case RELU_BACKWARD -> b > 0 ? a : 0;
            case LEAKY_RELU_BACKWARD -> b > 0 ? a : a * alpha;
            case SIGMOID_BACKWARD -> a * b * (1 - b);
            case TANH_BACKWARD -> a * (1 - b * b);
            case GELU_BACKWARD -> a * (phi(b) + b * Math.exp(-0.5 * b * b) / Math.sqrt(2 * Math.PI));
            case GELU_TANH_BACKWARD -> {
                double k = Math.sqrt(2 / Math.PI), u = k * (b + 0.044715 * b * b * b), t = Math.tanh(u);
                yield a * (0.5 * (1 + t) + 0.5 * b * (1 - t * t) * k * (1 + 3 * 0.044715 * b * b));
            }
        };
    }

    /** The standard normal CDF by numerical integration of its density (independent of any erf in the backend). */
    static double phi(double x) {
        if (x < -8) return 0;
        if (x > 8) return 1;
        int steps = 2000;
        double lo = -8, h = (x - lo) / steps, s = 0;
        for (int i = 0; i <= steps; i++) {
            double t = lo + i * h, f = Math.exp(-0.5 * t * t);
            s += (i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2) * f;
        }
        return s * h / 3 / Math.sqrt(2 * Math.PI);
    }

    /** Broadcast patterns of training: full, bias [B,N]+[N], row [B,N]-[B,1], scalar, random stride-0 dims. */
    enum Pattern {
        FULL,
        BIAS,
        ROW,
        SCALAR_RIGHT,
        SCALAR_LEFT,
        RANDOM
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BinaryOp.class)
    void binaryFloatOpsMatchReferenceUnderBroadcasting(BinaryOp op) {
        Random r = new Random(op.name().hashCode() * 31L + 5);
        for (int trial = 0; trial < 24; trial++) {
            DType dtype = trial % 4 == 3 ? DType.FLOAT64 : DType.FLOAT32;
            Pattern pattern = Pattern.values()[trial % Pattern.values().length];
            int rank = pattern == Pattern.RANDOM && trial != 5 ? r.nextInt(4) + 1 : 2;
            // Long rows sometimes, so the vector loops and any thread split are exercised, not just tails.
            int[] shape = trial == 5 ? new int[] {3, 1000} : randomShape(r, rank, trial % 3 == 0 ? 40 : 9);
            boolean[] bcA = new boolean[rank], bcB = new boolean[rank];
            switch (pattern) {
                case BIAS -> bcB[0] = true;
                case ROW -> bcB[rank - 1] = true;
                case SCALAR_RIGHT -> Arrays.fill(bcB, true);
                case SCALAR_LEFT -> Arrays.fill(bcA, true);
                case RANDOM -> {
                    for (int d = 0; d < rank; d++) {
                        bcA[d] = r.nextInt(4) == 0;
                        bcB[d] = !bcA[d] && r.nextInt(4) == 0;
                    }
                }
                default -> {}
            }
            Values va = valuesFor(op, true), vb = valuesFor(op, false);
            Operand a = operand(r, dtype, shape, r.nextBoolean() ? Layout.CONTIGUOUS : Layout.PADDED, va, bcA);
            Operand b = operand(r, dtype, shape, r.nextBoolean() ? Layout.CONTIGUOUS : Layout.PERMUTED, vb, bcB);
            double alpha = op == BinaryOp.ADD || op == BinaryOp.SUB ? (trial % 2 == 0 ? 1 : -2.5) : 0.1;
            DType outType = op.isComparison() ? DType.BOOL : dtype;
            Tensor out = output(outType, shape);
            backend().binary(op, a.tensor(), b.tensor(), out, alpha);
            double[] expected = new double[a.numel()];
            for (int i = 0; i < expected.length; i++)
                expected[i] = round(binaryReference(op, a.at(i), b.at(i), alpha), outType);
            double rel = dtype == DType.FLOAT32 ? 3e-6 : 1e-12;
            if (op == BinaryOp.GELU_BACKWARD) rel = Math.max(rel, 1e-7);
            assertClose(
                    read(out),
                    expected,
                    relative(expected, rel, rel),
                    op + " " + pattern + " of " + a + " and " + b + " (" + dtype.label() + ")");
        }
    }

    private static Values valuesFor(BinaryOp op, boolean left) {
        return switch (op) {
            case POW -> left ? POSITIVE : r -> 3 * r.nextDouble() - 1.5;
            case DIV, FMOD, REMAINDER, FLOOR_DIVIDE ->
                left ? NORMAL : r -> (r.nextBoolean() ? 1 : -1) * (0.5 + r.nextDouble());
            case EQ, NE, LE, GE -> SMALL_INTS;
            case LOGICAL_AND, LOGICAL_OR -> BITS;
            case SIGMOID_BACKWARD -> left ? NORMAL : Random::nextDouble;
            default -> NORMAL;
        };
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = BinaryOp.class,
            names = {"ADD", "SUB", "MUL", "MAXIMUM", "MINIMUM", "EQ", "LT", "GE", "LOGICAL_AND"})
    void binaryIntegerOpsMatchReference(BinaryOp op) {
        Random r = new Random(op.name().hashCode() + 99L);
        for (int trial = 0; trial < 8; trial++) {
            int[] shape = randomShape(r, 1 + r.nextInt(3), 12);
            Operand a = operand(r, DType.INT64, shape, Layout.ANY, SMALL_INTS);
            Operand b = operand(r, DType.INT64, shape, Layout.ANY, SMALL_INTS);
            DType outType = op.isComparison() ? DType.BOOL : DType.INT64;
            Tensor out = output(outType, shape);
            backend().binary(op, a.tensor(), b.tensor(), out, 1);
            double[] expected = new double[a.numel()];
            for (int i = 0; i < expected.length; i++) expected[i] = binaryReference(op, a.at(i), b.at(i), 1);
            assertClose(read(out), expected, new double[expected.length], op + " of int64 " + a + " and " + b);
        }
    }

    @Test
    void maximumMinimumAndReluPropagateNaN() {
        double[] vals = {
            Double.NaN,
            1,
            -1,
            0,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            2,
            Double.NaN,
            3,
            -4,
            5,
            6,
            7,
            8,
            9,
            10,
            -11
        };
        double[] other = new double[vals.length];
        Arrays.fill(other, 0.5);
        other[3] = Double.NaN;
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Tensor a = Tensor.of(backend().fromHost(dtype, host(vals, dtype)), Shape.of(vals.length));
            Tensor b = Tensor.of(backend().fromHost(dtype, host(other, dtype)), Shape.of(vals.length));
            for (BinaryOp op : List.of(BinaryOp.MAXIMUM, BinaryOp.MINIMUM)) {
                Tensor out = output(dtype, vals.length);
                backend().binary(op, a, b, out, 1);
                double[] expected = new double[vals.length];
                for (int i = 0; i < vals.length; i++) expected[i] = binaryReference(op, vals[i], other[i], 1);
                assertClose(read(out), expected, new double[vals.length], op + " with NaN (" + dtype.label() + ")");
            }
            Tensor out = output(dtype, vals.length);
            backend().unary(UnaryOp.RELU, a, out, 0, 0);
            double[] relu = read(out);
            assertThat(Double.isNaN(relu[0])).as("relu(NaN) is NaN").isTrue();
            assertThat(relu[2]).isZero();
            assertThat(relu[4]).isEqualTo(Double.POSITIVE_INFINITY);
        }
    }

    /** The reference of every unary op. */
    static double unaryReference(UnaryOp op, double x, double p, double q) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case SQUARE -> x * x;
            case SQRT -> Math.sqrt(x);
            case RECIPROCAL -> 1 / x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case ERF -> 2 * phi(x * Math.sqrt(2)) - 1;
            case RELU -> Math.max(x, 0);
            case LEAKY_RELU -> x > 0 ? x : p * x;
            case GELU -> x * phi(x);
            case GELU_TANH -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
            case POW -> Math.pow(x, p);
            case RPOW -> Math.pow(p, x);
            case CLAMP ->
                Math.min(
                        Double.isNaN(q) ? Double.POSITIVE_INFINITY : q,
                        Math.max(Double.isNaN(p) ? Double.NEGATIVE_INFINITY : p, x));
            case FLOOR -> Math.floor(x);
            case CEIL -> Math.ceil(x);
            case ROUND -> Math.rint(x);
            case LOGICAL_NOT -> x == 0 ? 1 : 0;
        };
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(UnaryOp.class)
    void unaryFloatOpsMatchReference(UnaryOp op) {
        Random r = new Random(op.name().hashCode() * 7L + 1);
        double p = switch (op) {
            case LEAKY_RELU -> 0.01;
            case POW -> 2.5;
            case RPOW -> 1.7;
            case CLAMP -> -0.5;
            default -> 0;
        };
        double q = op == UnaryOp.CLAMP ? 0.75 : 0;
        Values values = switch (op) {
            case SQRT, LOG, POW -> POSITIVE;
            case LOGICAL_NOT -> SMALL_INTS;
            case RECIPROCAL -> r2 -> (r2.nextBoolean() ? 1 : -1) * (0.25 + r2.nextDouble());
            default -> r2 -> 3 * r2.nextGaussian();
        };
        for (int trial = 0; trial < 10; trial++) {
            DType dtype = trial % 3 == 2 ? DType.FLOAT64 : DType.FLOAT32;
            int[] shape = trial == 0 ? new int[] {5000} : randomShape(r, 1 + r.nextInt(3), trial % 2 == 0 ? 30 : 8);
            Operand x = operand(r, dtype, shape, Layout.ANY, values);
            Tensor out = output(dtype, shape);
            backend().unary(op, x.tensor(), out, p, q);
            double[] expected = new double[x.numel()];
            for (int i = 0; i < expected.length; i++) expected[i] = round(unaryReference(op, x.at(i), p, q), dtype);
            double rel = dtype == DType.FLOAT32 ? 4e-6 : 1e-12;
            if (op == UnaryOp.ERF || op == UnaryOp.GELU) rel = Math.max(rel, 1e-9);
            assertClose(
                    read(out), expected, relative(expected, rel, rel), op + " of " + x + " (" + dtype.label() + ")");
        }
    }

    /**
     * An element's result must not depend on where it sits: in a vector or in a loop's tail, in one thread's chunk or
     * another's. Otherwise results change with the thread count or the layout, and a resumed training run does not
     * repeat itself bit for bit.
     */
    @Test
    void float32ResultsDoNotDependOnLayoutOrTails() {
        Random r = new Random(12);
        int n = 1003, lead = 3;
        double[] xs = new double[n + lead], ys = new double[n + lead];
        for (int i = 0; i < n + lead; i++) {
            xs[i] = 3 * r.nextGaussian();
            ys[i] = r.nextDouble();
        }
        // Element i of the first layout is element i + 3 of the second (so vectors and tails fall
        // elsewhere) and element 2i of the third (a strided view).
        double[] xStrided = new double[2 * n], yStrided = new double[2 * n];
        for (int i = 0; i < n; i++) {
            xStrided[2 * i] = xs[i + lead];
            yStrided[2 * i] = ys[i + lead];
        }
        Tensor xLong = Tensor.of(backend().fromHost(DType.FLOAT32, host(xs, DType.FLOAT32)), Shape.of(n + lead));
        Tensor yLong = Tensor.of(backend().fromHost(DType.FLOAT32, host(ys, DType.FLOAT32)), Shape.of(n + lead));
        Tensor x1 = Tensor.of(
                backend().fromHost(DType.FLOAT32, host(Arrays.copyOfRange(xs, lead, n + lead), DType.FLOAT32)),
                Shape.of(n));
        Tensor y1 = Tensor.of(
                backend().fromHost(DType.FLOAT32, host(Arrays.copyOfRange(ys, lead, n + lead), DType.FLOAT32)),
                Shape.of(n));
        Tensor x3 = Tensor.of(backend().fromHost(DType.FLOAT32, host(xStrided, DType.FLOAT32)), Shape.of(2 * n))
                .asStrided(new int[] {n}, new int[] {2}, 0);
        Tensor y3 = Tensor.of(backend().fromHost(DType.FLOAT32, host(yStrided, DType.FLOAT32)), Shape.of(2 * n))
                .asStrided(new int[] {n}, new int[] {2}, 0);
        for (UnaryOp op : UnaryOp.values()) {
            double p = op == UnaryOp.LEAKY_RELU ? 0.01 : op == UnaryOp.POW ? 2 : op == UnaryOp.CLAMP ? -0.3 : 1.3;
            Tensor o1 = output(DType.FLOAT32, n),
                    oLong = output(DType.FLOAT32, n + lead),
                    o3 = output(DType.FLOAT32, n);
            backend().unary(op, x1, o1, p, 0.4);
            backend().unary(op, xLong, oLong, p, 0.4);
            backend().unary(op, x3, o3, p, 0.4);
            double[] base = read(o1);
            assertThat(Arrays.copyOfRange(read(oLong), lead, n + lead))
                    .as(op + " shifted by " + lead)
                    .isEqualTo(base);
            assertThat(read(o3)).as(op + " of a strided view").isEqualTo(base);
        }
        for (BinaryOp op : BinaryOp.values()) {
            if (op.isComparison()) continue;
            Tensor o1 = output(DType.FLOAT32, n),
                    oLong = output(DType.FLOAT32, n + lead),
                    o3 = output(DType.FLOAT32, n);
            backend().binary(op, x1, y1, o1, -0.7);
            backend().binary(op, xLong, yLong, oLong, -0.7);
            backend().binary(op, x3, y3, o3, -0.7);
            double[] base = read(o1);
            assertThat(Arrays.copyOfRange(read(oLong), lead, n + lead))
                    .as(op + " shifted by " + lead)
                    .isEqualTo(base);
            assertThat(read(o3)).as(op + " of strided views").isEqualTo(base);
        }
    }

    @Test
    void whereSelectsWithBroadcastCondition() {
        Random r = new Random(3);
        for (int trial = 0; trial < 12; trial++) {
            DType dtype = List.of(DType.FLOAT32, DType.FLOAT64, DType.INT64).get(trial % 3);
            int[] shape = randomShape(r, 1 + r.nextInt(3), 20);
            Operand c = operand(r, DType.BOOL, shape, Layout.BROADCAST, BITS);
            Operand a = operand(r, dtype, shape, Layout.ANY, SMALL_INTS);
            Operand b = operand(r, dtype, shape, Layout.ANY, NORMAL);
            Tensor out = output(dtype, shape);
            backend().where(c.tensor(), a.tensor(), b.tensor(), out);
            double[] expected = new double[a.numel()];
            for (int i = 0; i < expected.length; i++) expected[i] = round(c.at(i) != 0 ? a.at(i) : b.at(i), dtype);
            assertClose(read(out), expected, new double[expected.length], "where " + c + " (" + dtype.label() + ")");
        }
    }

    @Test
    void copyConvertsBetweenDtypesAndWritesOnlyInsideStridedDestinations() {
        Random r = new Random(4);
        DType[] types = {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT32, DType.BOOL};
        for (int trial = 0; trial < 30; trial++) {
            DType from = types[r.nextInt(types.length)], to = types[r.nextInt(types.length)];
            int[] shape = trial == 0 ? new int[] {70000} : randomShape(r, 1 + r.nextInt(4), 9);
            Operand src = operand(r, from, shape, Layout.ANY, from == DType.BOOL ? BITS : SMALL_INTS);
            Operand dst = operand(r, to, shape, Layout.PADDED, r2 -> 42);
            backend().copy(src.tensor(), dst.tensor());
            // Every element the destination view covers got the source's value; the padding around it kept 42.
            double[] storage = read(dst.tensor().asStrided(new int[] {dst.raw().length}, new int[] {1}, 0));
            double[] expected = new double[dst.raw().length];
            Arrays.fill(expected, round(42, to));
            for (int i = 0; i < src.numel(); i++) {
                int off = dst.offset(), flat = i;
                for (int d = shape.length - 1; d >= 0; d--) {
                    off += (flat % shape[d]) * dst.strides()[d];
                    flat /= shape[d];
                }
                expected[off] = round(src.at(i), to);
            }
            assertClose(
                    storage,
                    expected,
                    new double[expected.length],
                    "copy " + from.label() + " " + src + " to " + to.label() + " " + dst);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64", "int64"})
    void fillWritesEveryElementOfAView(String type) {
        DType dtype = DType.parse(type);
        Random r = new Random(5);
        Operand dst = operand(r, dtype, new int[] {7, 9}, Layout.PADDED, r2 -> 0);
        backend().fill(dst.tensor(), 3);
        assertThat(read(dst.tensor())).hasSize(63).containsOnly(3.0);
    }

    @Test
    void emptyTensorsPassThroughElementwiseKernels() {
        Tensor a = output(DType.FLOAT32, 0, 5), b = output(DType.FLOAT32, 0, 5), out = output(DType.FLOAT32, 0, 5);
        backend().binary(BinaryOp.ADD, a, b, out, 1);
        backend().unary(UnaryOp.EXP, a, out, 0, 0);
        backend().copy(a, out);
        backend().fill(out, 1);
        assertThat(read(out)).isEmpty();
    }

    // ============================================================================================
    // reductions
    // ============================================================================================

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = ReduceOp.class,
            names = {"SUM", "SUM_SQUARES", "PROD", "MAX", "MIN"})
    void reductionsOverRandomDimsMatchReference(ReduceOp op) {
        Random r = new Random(op.name().hashCode() * 13L + 2);
        for (int trial = 0; trial < 40; trial++) {
            DType dtype = trial % 5 == 4 ? DType.FLOAT64 : trial % 5 == 3 ? DType.INT64 : DType.FLOAT32;
            // The shapes of training: a long last dim (softmax), a long batch dim (bias gradients), one long row.
            // (Not for PROD: a product of thousands of factors leaves the float range.)
            int[] shape = switch (op == ReduceOp.PROD ? -1 : trial) {
                case 0 -> new int[] {128, 700};
                case 1 -> new int[] {300000};
                case 2 -> new int[] {2000, 70};
                default -> randomShape(r, 1 + r.nextInt(4), op == ReduceOp.PROD ? 5 : 12);
            };
            int rank = shape.length;
            boolean[] reduced = new boolean[rank];
            for (int d = 0; d < rank; d++) reduced[d] = r.nextBoolean();
            if (op != ReduceOp.PROD && trial == 0) reduced = new boolean[] {false, true};
            if (op != ReduceOp.PROD && trial == 2) reduced = new boolean[] {true, false};
            if (trial % 6 == 5) Arrays.fill(reduced, true);
            Values values =
                    op == ReduceOp.PROD ? r2 -> 0.5 + r2.nextDouble() : dtype == DType.INT64 ? SMALL_INTS : NORMAL;
            Operand x = operand(r, dtype, shape, trial < 3 ? Layout.CONTIGUOUS : Layout.ANY, values);
            int[] outShape = shape.clone();
            for (int d = 0; d < rank; d++) if (reduced[d]) outShape[d] = 1;
            Tensor out = output(dtype, outShape);
            backend().reduce(op, x.tensor(), out);

            int outN = Shape.of(outShape).numel();
            double[] expected = new double[outN], magnitude = new double[outN];
            boolean[] seen = new boolean[outN];
            for (int i = 0; i < x.numel(); i++) {
                int flat = i, o = 0, scale = 1;
                for (int d = rank - 1; d >= 0; d--) {
                    int idx = flat % shape[d];
                    flat /= shape[d];
                    if (!reduced[d]) o += idx * scale;
                    scale *= outShape[d];
                }
                double v = op == ReduceOp.SUM_SQUARES ? x.at(i) * x.at(i) : x.at(i);
                expected[o] = !seen[o]
                        ? v
                        : switch (op) {
                            case SUM, SUM_SQUARES -> expected[o] + v;
                            case PROD -> expected[o] * v;
                            case MAX -> Math.max(expected[o], v);
                            default -> Math.min(expected[o], v);
                        };
                magnitude[o] += Math.abs(v);
                seen[o] = true;
            }
            double[] tol = new double[outN];
            double eps = dtype == DType.FLOAT32 ? 1e-6 : dtype == DType.FLOAT64 ? 1e-13 : 0;
            for (int i = 0; i < outN; i++) {
                tol[i] = op == ReduceOp.PROD ? eps * 10 * Math.abs(expected[i]) : eps * (magnitude[i] + 1) * 4;
                expected[i] = round(expected[i], dtype);
            }
            assertClose(
                    read(out),
                    expected,
                    tol,
                    op + " over " + Arrays.toString(reduced) + " of " + x + " (" + dtype.label() + ")");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TernaryOp.class)
    void ternaryOpsMatchReferenceWithBroadcastAndAliasedOutput(TernaryOp op) {
        Random r = new Random(op.name().hashCode() * 31L + 5);
        for (int trial = 0; trial < 30; trial++) {
            DType dtype = trial % 4 == 3 ? DType.FLOAT64 : DType.FLOAT32;
            int[] shape = trial == 0 ? new int[] {407050} : randomShape(r, 1 + r.nextInt(3), 40);
            Operand a = operand(r, dtype, shape, Layout.CONTIGUOUS, NORMAL);
            Operand b = operand(r, dtype, shape, trial % 3 == 1 ? Layout.ANY : Layout.CONTIGUOUS, NORMAL);
            Tensor cScalar = output(dtype, new int[0]);
            backend().fill(cScalar, 1.5);
            Operand c = operand(r, dtype, shape, trial % 3 == 2 ? Layout.ANY : Layout.CONTIGUOUS, POSITIVE);
            boolean scalarC = trial % 5 == 4;
            double alpha = -0.3, beta = 0.9, gamma = 1e-3;
            double[] expected = new double[a.numel()];
            for (int i = 0; i < expected.length; i++) {
                double cv = scalarC ? 1.5 : c.at(i);
                double t = switch (op) {
                    case ADDCMUL -> b.at(i) * cv;
                    case ADDCDIV -> b.at(i) / cv;
                    case ADDCDIV_SQRT -> b.at(i) / (Math.sqrt(cv) + gamma);
                };
                expected[i] = round(beta * a.at(i) + alpha * t, dtype);
            }
            Tensor cT = scalarC ? cScalar.asStrided(shape, new int[shape.length], 0) : c.tensor();
            Tensor out = a.tensor(); // optimizers update in place: out aliases a
            backend().ternary(op, a.tensor(), b.tensor(), cT, out, alpha, beta, gamma);
            double[] tol = new double[expected.length];
            Arrays.fill(tol, dtype == DType.FLOAT32 ? 1e-5 : 1e-12);
            for (int i = 0; i < tol.length; i++) tol[i] *= 1 + Math.abs(expected[i]) * 10;
            assertClose(read(out), expected, tol, op + " on " + Arrays.toString(shape) + " (" + dtype.label() + ")");
        }
    }

    @Test
    void reductionsOfEmptyDimsGiveTheIdentity() {
        Tensor x = output(DType.FLOAT32, 3, 0);
        Tensor sum = output(DType.FLOAT32, 3, 1), prod = output(DType.FLOAT32, 3, 1);
        backend().reduce(ReduceOp.SUM, x, sum);
        backend().reduce(ReduceOp.PROD, x, prod);
        assertThat(read(sum)).containsExactly(0, 0, 0);
        assertThat(read(prod)).containsExactly(1, 1, 1);
    }

    @Test
    void maxOfARowWithNaNIsNaN() {
        double[] v = new double[40];
        for (int i = 0; i < v.length; i++) v[i] = i;
        v[17] = Double.NaN;
        Tensor x = Tensor.of(backend().fromHost(DType.FLOAT32, host(v, DType.FLOAT32)), Shape.of(2, 20));
        Tensor out = output(DType.FLOAT32, 2, 1);
        backend().reduce(ReduceOp.MAX, x, out);
        double[] got = read(out);
        assertThat(Double.isNaN(got[0])).as("max of the row holding NaN").isTrue();
        assertThat(got[1]).isEqualTo(39);
    }

    @Test
    void argReductionsFindTheFirstExtremum() {
        Random r = new Random(6);
        for (int trial = 0; trial < 20; trial++) {
            DType dtype = trial % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
            int rank = 1 + r.nextInt(3);
            int[] shape = randomShape(r, rank, 9);
            int dim = r.nextInt(rank);
            Operand x = operand(r, dtype, shape, Layout.ANY, SMALL_INTS);
            for (boolean max : new boolean[] {true, false}) {
                int[] outShape = shape.clone();
                outShape[dim] = 1;
                Tensor out = output(DType.INT64, outShape);
                backend().reduce(max ? ReduceOp.ARGMAX : ReduceOp.ARGMIN, x.tensor(), out);
                double[] got = read(out);
                int outN = got.length;
                for (int o = 0; o < outN; o++) {
                    int[] idx = unravel(o, outShape);
                    int best = 0;
                    double bestV = Double.NaN;
                    for (int i = 0; i < shape[dim]; i++) {
                        idx[dim] = i;
                        double v = x.get(idx);
                        if (i == 0 || (max ? v > bestV : v < bestV)) {
                            best = i;
                            bestV = v;
                        }
                    }
                    assertThat(got[o])
                            .as((max ? "argmax" : "argmin") + " along " + dim + " of " + x + " at output " + o)
                            .isEqualTo(best);
                }
            }
        }
    }

    static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    // ============================================================================================
    // convolution and pooling
    // ============================================================================================

    static Stream<ConvGeometry> geometries() {
        Random r = new Random(8);
        List<ConvGeometry> out = new ArrayList<>();
        // LeNet's two convolutions and its pooling.
        out.add(ConvGeometry.of(3, 1, 28, 28, 5, 5, 1, 1, 0, 0, 1, 1, false));
        out.add(ConvGeometry.of(2, 6, 12, 12, 5, 5, 1, 1, 0, 0, 1, 1, false));
        out.add(ConvGeometry.of(2, 6, 24, 24, 2, 2, 2, 2, 0, 0, 1, 1, false));
        while (out.size() < 30) {
            try {
                out.add(ConvGeometry.of(
                        1 + r.nextInt(3),
                        1 + r.nextInt(3),
                        1 + r.nextInt(10),
                        1 + r.nextInt(10),
                        1 + r.nextInt(4),
                        1 + r.nextInt(4),
                        1 + r.nextInt(3),
                        1 + r.nextInt(3),
                        r.nextInt(3),
                        r.nextInt(3),
                        1 + r.nextInt(2),
                        1 + r.nextInt(2),
                        r.nextBoolean()));
            } catch (IllegalArgumentException tooSmall) {
                // the window does not fit this input: draw another
            }
        }
        return out.stream();
    }

    /** The input position a column entry reads, or -1 for padding. */
    static int source(ConvGeometry g, int ki, int kj, int oy, int ox) {
        int iy = oy * g.sh() - g.ph() + ki * g.dh(), ix = ox * g.sw() - g.pw() + kj * g.dw();
        return iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w() ? -1 : iy * g.w() + ix;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void im2colAndCol2imMatchTheWindowDefinition(ConvGeometry g) {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Random r = new Random(g.hashCode());
            Operand x = operand(r, dtype, new int[] {g.n(), g.c(), g.h(), g.w()}, Layout.CONTIGUOUS, NORMAL);
            Tensor cols = output(dtype, g.n(), g.colRows(), g.colCols());
            backend().fill(cols, Double.NaN);
            backend().im2col(x.tensor(), g, cols);
            double[] expected = new double[g.n() * g.colRows() * g.colCols()];
            for (int n = 0; n < g.n(); n++) {
                for (int c = 0; c < g.c(); c++) {
                    for (int ki = 0; ki < g.kh(); ki++) {
                        for (int kj = 0; kj < g.kw(); kj++) {
                            int row = (c * g.kh() + ki) * g.kw() + kj;
                            for (int oy = 0; oy < g.outH(); oy++) {
                                for (int ox = 0; ox < g.outW(); ox++) {
                                    int src = source(g, ki, kj, oy, ox);
                                    expected[(n * g.colRows() + row) * g.colCols() + oy * g.outW() + ox] =
                                            src < 0 ? 0 : x.raw()[(n * g.c() + c) * g.h() * g.w() + src];
                                }
                            }
                        }
                    }
                }
            }
            assertClose(read(cols), expected, new double[expected.length], "im2col " + g + " " + dtype.label());

            Operand colsIn = operand(r, dtype, new int[] {g.n(), g.colRows(), g.colCols()}, Layout.CONTIGUOUS, NORMAL);
            Tensor img = output(dtype, g.n(), g.c(), g.h(), g.w());
            backend().col2im(colsIn.tensor(), g, img);
            double[] back = new double[g.n() * g.c() * g.h() * g.w()], magnitude = new double[back.length];
            for (int n = 0; n < g.n(); n++) {
                for (int c = 0; c < g.c(); c++) {
                    for (int ki = 0; ki < g.kh(); ki++) {
                        for (int kj = 0; kj < g.kw(); kj++) {
                            int row = (c * g.kh() + ki) * g.kw() + kj;
                            for (int oy = 0; oy < g.outH(); oy++) {
                                for (int ox = 0; ox < g.outW(); ox++) {
                                    int src = source(g, ki, kj, oy, ox);
                                    if (src < 0) continue;
                                    double v = colsIn.get(n, row, oy * g.outW() + ox);
                                    back[(n * g.c() + c) * g.h() * g.w() + src] += v;
                                    magnitude[(n * g.c() + c) * g.h() * g.w() + src] += Math.abs(v);
                                }
                            }
                        }
                    }
                }
            }
            assertClose(read(img), back, relative(magnitude, 1e-6, 1e-12), "col2im " + g + " " + dtype.label());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geometries")
    void maxPoolFindsEachWindowsFirstMaximum(ConvGeometry g) {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Random r = new Random(g.hashCode() + 1);
            // Small integers, so ties are common and the first-maximum rule is exercised.
            Operand x = operand(r, dtype, new int[] {g.n(), g.c(), g.h(), g.w()}, Layout.CONTIGUOUS, SMALL_INTS);
            Tensor out = output(dtype, g.n(), g.c(), g.outH(), g.outW());
            Tensor idx = output(DType.INT64, g.n(), g.c(), g.outH(), g.outW());
            backend().maxPool2d(x.tensor(), g, out, idx);
            int planes = g.n() * g.c(), ohw = g.outH() * g.outW();
            double[] expected = new double[planes * ohw], expectedIdx = new double[planes * ohw];
            for (int p = 0; p < planes; p++) {
                for (int oy = 0; oy < g.outH(); oy++) {
                    for (int ox = 0; ox < g.outW(); ox++) {
                        double best = Double.NEGATIVE_INFINITY;
                        int at = -1;
                        for (int ki = 0; ki < g.kh(); ki++) {
                            for (int kj = 0; kj < g.kw(); kj++) {
                                int src = source(g, ki, kj, oy, ox);
                                if (src < 0) continue;
                                double v = x.raw()[p * g.h() * g.w() + src];
                                if (at < 0 || v > best) {
                                    best = v;
                                    at = src;
                                }
                            }
                        }
                        expected[p * ohw + oy * g.outW() + ox] = best;
                        expectedIdx[p * ohw + oy * g.outW() + ox] = at;
                    }
                }
            }
            assertClose(
                    read(out), expected, new double[expected.length], "maxPool2d values " + g + " " + dtype.label());
            assertClose(
                    read(idx),
                    expectedIdx,
                    new double[expected.length],
                    "maxPool2d indices " + g + " " + dtype.label());
        }
    }

    @Test
    void maxPoolPropagatesNaN() {
        double[] v = {1, 2, 3, 4, Double.NaN, 0, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Tensor x = Tensor.of(backend().fromHost(dtype, host(v, dtype)), Shape.of(1, 1, 4, 4));
            ConvGeometry g = ConvGeometry.of(1, 1, 4, 4, 2, 2, 2, 2, 0, 0, 1, 1, false);
            Tensor out = output(dtype, 1, 1, 2, 2), idx = output(DType.INT64, 1, 1, 2, 2);
            backend().maxPool2d(x, g, out, idx);
            double[] got = read(out);
            assertThat(Double.isNaN(got[0]))
                    .as("the window holding NaN (" + dtype.label() + ")")
                    .isTrue();
            assertThat(read(idx)[0]).isEqualTo(4);
            assertThat(got[1]).isEqualTo(8);
        }
    }

    // ============================================================================================
    // indexing
    // ============================================================================================

    @Test
    void gatherAndScatterAddFollowTheIndex() {
        Random r = new Random(9);
        for (int trial = 0; trial < 15; trial++) {
            DType dtype = trial % 3 == 2 ? DType.FLOAT64 : DType.FLOAT32;
            int rank = 1 + r.nextInt(3);
            int[] shape = randomShape(r, rank, 7);
            int dim = r.nextInt(rank);
            Operand x = operand(r, dtype, shape, Layout.ANY, NORMAL);
            int[] idxShape = shape.clone();
            idxShape[dim] = 1 + r.nextInt(6);
            int limit = shape[dim];
            Operand index = operand(r, DType.INT64, idxShape, Layout.CONTIGUOUS, r2 -> r2.nextInt(limit));
            Tensor out = output(dtype, idxShape);
            backend().gather(x.tensor(), dim, index.tensor(), out);
            double[] expected = new double[index.numel()];
            for (int i = 0; i < expected.length; i++) {
                int[] at = unravel(i, idxShape);
                at[dim] = (int) index.at(i);
                expected[i] = x.get(at);
            }
            assertClose(read(out), expected, new double[expected.length], "gather along " + dim + " of " + x);

            Operand src = operand(r, dtype, idxShape, Layout.CONTIGUOUS, NORMAL);
            Tensor acc = output(dtype, shape);
            backend().scatterAdd(acc, dim, index.tensor(), src.tensor());
            double[] sums = new double[Shape.of(shape).numel()];
            for (int i = 0; i < index.numel(); i++) {
                int[] at = unravel(i, idxShape);
                at[dim] = (int) index.at(i);
                int flat = 0;
                for (int d = 0; d < rank; d++) flat = flat * shape[d] + at[d];
                sums[flat] += src.at(i);
            }
            assertClose(
                    read(acc),
                    sums,
                    relative(sums, 1e-6, 1e-6),
                    "scatterAdd along " + dim + " into " + Arrays.toString(shape));
        }
    }

    @Test
    void indexSelectAndIndexAddFollowTheIndex() {
        Random r = new Random(10);
        for (int trial = 0; trial < 15; trial++) {
            DType dtype = trial % 3 == 2 ? DType.FLOAT64 : DType.FLOAT32;
            int rank = 1 + r.nextInt(3);
            int[] shape = randomShape(r, rank, 7);
            int dim = r.nextInt(rank);
            int count = r.nextInt(6);
            int limit = shape[dim];
            Operand index = operand(r, DType.INT64, new int[] {count}, Layout.CONTIGUOUS, r2 -> r2.nextInt(limit));
            Operand x = operand(r, dtype, shape, Layout.ANY, NORMAL);
            int[] outShape = shape.clone();
            outShape[dim] = count;
            Tensor out = output(dtype, outShape);
            backend().indexSelect(x.tensor(), dim, index.tensor(), out);
            int outN = Shape.of(outShape).numel();
            double[] expected = new double[outN];
            for (int i = 0; i < outN; i++) {
                int[] at = unravel(i, outShape);
                at[dim] = (int) index.at(at[dim]);
                expected[i] = x.get(at);
            }
            assertClose(read(out), expected, new double[outN], "indexSelect along " + dim + " of " + x);

            Operand src = operand(r, dtype, outShape, Layout.CONTIGUOUS, NORMAL);
            Tensor acc = output(dtype, shape);
            backend().indexAdd(acc, dim, index.tensor(), src.tensor());
            double[] sums = new double[Shape.of(shape).numel()];
            for (int i = 0; i < outN; i++) {
                int[] at = unravel(i, outShape);
                at[dim] = (int) index.at(at[dim]);
                int flat = 0;
                for (int d = 0; d < rank; d++) flat = flat * shape[d] + at[d];
                sums[flat] += src.at(i);
            }
            assertClose(
                    read(acc),
                    sums,
                    relative(sums, 1e-6, 1e-6),
                    "indexAdd along " + dim + " into " + Arrays.toString(shape));
        }
    }

    // ============================================================================================
    // random fills
    // ============================================================================================

    @Test
    void randomFillsAreReproducibleAndInRange() {
        Tensor u1 = output(DType.FLOAT32, 5000), u2 = output(DType.FLOAT32, 5000);
        backend().fillUniform(u1, new Generator(42), -2, 3);
        backend().fillUniform(u2, new Generator(42), -2, 3);
        double[] a = read(u1);
        assertThat(a).containsExactly(read(u2));
        assertThat(Arrays.stream(a).allMatch(v -> v >= -2 && v < 3))
                .as("uniform values in [-2, 3)")
                .isTrue();
        assertThat(Arrays.stream(a).average().orElseThrow()).isBetween(0.3, 0.7);

        Tensor n = output(DType.FLOAT64, 20000);
        backend().fillNormal(n, new Generator(7), 1.5, 2);
        double[] v = read(n);
        double mean = Arrays.stream(v).average().orElseThrow();
        double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length;
        assertThat(mean).isBetween(1.4, 1.6);
        assertThat(Math.sqrt(var)).isBetween(1.9, 2.1);

        Tensor bern = output(DType.FLOAT32, 20000);
        backend().fillBernoulli(bern, new Generator(3), 0.25);
        double[] bits = read(bern);
        assertThat(IntStream.range(0, bits.length).allMatch(i -> bits[i] == 0 || bits[i] == 1))
                .isTrue();
        assertThat(Arrays.stream(bits).average().orElseThrow()).isBetween(0.23, 0.27);
    }
}
