package dev.descent.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.autograd.GradMode;
import dev.descent.backend.DType;
import dev.descent.backend.Generator;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: for any two broadcast-compatible shapes, elementwise ops equal an index-by-index reference, and the
 * gradient of each operand is the reference's sum over the positions it was broadcast to.
 */
class BroadcastPropertiesTest {

    record Case(int seed, int[] a, int[] b) {
        @Override
        public String toString() {
            return Arrays.toString(a) + " with " + Arrays.toString(b);
        }
    }

    static Stream<Case> cases() {
        return IntStream.range(0, 300).mapToObj(seed -> {
            Random r = new Random(seed);
            int rank = r.nextInt(5);
            int[] a = new int[rank];
            for (int i = 0; i < rank; i++) a[i] = 1 + r.nextInt(4);
            int rankB = r.nextInt(5);
            int[] b = new int[rankB];
            for (int i = 0; i < rankB; i++) {
                int ai = i + rank - rankB;
                int have = ai >= 0 ? a[ai] : 0;
                b[i] = have == 0 || have == 1 ? 1 + r.nextInt(4) : r.nextBoolean() ? have : 1;
            }
            if (r.nextBoolean()) return new Case(seed, b, a);
            return new Case(seed, a, b);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void elementwiseOpsAndGradientsMatchTheReference(Case c) {
        Generator gen = new Generator(c.seed());
        Tensor a = Tensor.randn(gen, c.a()).to(DType.FLOAT64).requiresGrad_();
        Tensor b = Tensor.randn(gen, c.b()).to(DType.FLOAT64).requiresGrad_();
        int[] out = broadcast(c.a(), c.b());

        Tensor sum = a.add(b), prod = a.mul(b), max = a.maximum(b);
        assertThat(sum.sizes()).containsExactly(out);
        double[] av = a.toDoubleArray(), bv = b.toDoubleArray();
        double[] s = sum.toDoubleArray(), p = prod.toDoubleArray(), m = max.toDoubleArray();
        double[] gradA = new double[av.length], gradB = new double[bv.length];
        int n = Shape.of(out).numel();
        for (int flat = 0; flat < n; flat++) {
            int[] idx = unravel(flat, out);
            int ia = ravel(idx, c.a()), ib = ravel(idx, c.b());
            assertThat(s[flat]).isEqualTo(av[ia] + bv[ib]);
            assertThat(p[flat]).isEqualTo(av[ia] * bv[ib]);
            assertThat(m[flat]).isEqualTo(Math.max(av[ia], bv[ib]));
            gradA[ia] += bv[ib];
            gradB[ib] += av[ia];
        }
        prod.sum().backward();
        assertThat(a.grad().sizes()).containsExactly(c.a());
        assertThat(b.grad().sizes()).containsExactly(c.b());
        assertClose(a.grad().toDoubleArray(), gradA);
        assertClose(b.grad().toDoubleArray(), gradB);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inPlaceOpsBroadcastTheOtherOperandOnly(Case c) {
        int[] out = broadcast(c.a(), c.b());
        Tensor target = Tensor.ones(out).to(DType.FLOAT64);
        Tensor b = Tensor.full(2.0, DType.FLOAT64, c.b());
        try (var _ = GradMode.noGrad()) {
            target.mul_(b);
        }
        assertThat(target.toDoubleArray()).containsOnly(2.0);
        if (!Arrays.equals(out, c.a())) {
            Tensor small = Tensor.ones(DType.FLOAT64, c.a());
            assertThatThrownBy(() -> small.add_(Tensor.ones(DType.FLOAT64, out)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            out[i] = Math.max(da, db);
        }
        return out;
    }

    static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    /** The flat index in {@code shape} that a broadcast index reads (right-aligned, size-1 dims pinned to 0). */
    static int ravel(int[] idx, int[] shape) {
        int flat = 0, lead = idx.length - shape.length;
        for (int d = 0; d < shape.length; d++) flat = flat * shape[d] + (shape[d] == 1 ? 0 : idx[d + lead]);
        return flat;
    }

    static void assertClose(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++)
            assertThat(actual[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-9));
    }
}
