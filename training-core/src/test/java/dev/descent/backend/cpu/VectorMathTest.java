package dev.descent.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class VectorMathTest {
    private static final int L = VectorF32.S.length();

    interface FloatFn {
        float apply(float x);
    }

    /**
     * Vector and scalar forms agree bit for bit, and both are within {@code ulps} of the double-precision reference.
     */
    private static void check(
            String name,
            UnaryOperator<FloatVector> vector,
            FloatFn scalar,
            DoubleUnaryOperator reference,
            float lo,
            float hi,
            int ulps) {
        Random r = new Random(name.hashCode());
        float[] x = new float[1 << 16];
        for (int i = 0; i < x.length; i++) x[i] = lo + (hi - lo) * r.nextFloat();
        float[] v = new float[x.length];
        for (int i = 0; i < x.length; i += L)
            vector.apply(FloatVector.fromArray(VectorF32.S, x, i)).intoArray(v, i);
        for (int i = 0; i < x.length; i++) {
            float s = scalar.apply(x[i]);
            assertThat(Float.floatToRawIntBits(v[i]))
                    .as("%s(%s): vector %s vs scalar %s", name, x[i], v[i], s)
                    .isEqualTo(Float.floatToRawIntBits(s));
            float expected = (float) reference.applyAsDouble(x[i]);
            assertThat(Math.abs(s - expected))
                    .as("%s(%s) = %s, expected %s", name, x[i], s, expected)
                    .isLessThanOrEqualTo(ulps * Math.ulp(expected) + Float.MIN_NORMAL);
        }
    }

    @Test
    void expIsAccurateAndTheSameInBothForms() {
        check("exp", VectorMath::exp, VectorMath::exp, Math::exp, -87f, 88f, 2);
        check("exp_small", VectorMath::exp, VectorMath::exp, Math::exp, -1f, 1f, 2);
        assertThat(VectorMath.exp(100f)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(VectorMath.exp(-100f)).isZero();
        assertThat(VectorMath.exp(Float.NaN)).isNaN();
        assertThat(VectorMath.exp(0f)).isEqualTo(1f);
    }

    @Test
    void logIsAccurateAndTheSameInBothForms() {
        check("log", VectorMath::log, VectorMath::log, Math::log, 1e-30f, 1e30f, 2);
        check("log_near_one", VectorMath::log, VectorMath::log, Math::log, 0.5f, 2f, 2);
        assertThat(VectorMath.log(0f)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(VectorMath.log(-1f)).isNaN();
        assertThat(VectorMath.log(Float.POSITIVE_INFINITY)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(VectorMath.log(1f)).isZero();
        float[] edge = new float[L];
        java.util.Arrays.fill(edge, 0f);
        edge[1] = -2f;
        edge[2] = Float.NaN;
        edge[3] = Float.POSITIVE_INFINITY;
        float[] out = new float[L];
        VectorMath.log(FloatVector.fromArray(VectorF32.S, edge, 0)).intoArray(out, 0);
        assertThat(out[0]).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(out[1]).isNaN();
        assertThat(out[2]).isNaN();
        assertThat(out[3]).isEqualTo(Float.POSITIVE_INFINITY);
    }

    @Test
    void tanhAndSigmoidAreAccurateAndTheSameInBothForms() {
        check("tanh", VectorMath::tanh, VectorMath::tanh, Math::tanh, -12f, 12f, 3);
        check("tanh_small", VectorMath::tanh, VectorMath::tanh, Math::tanh, -0.7f, 0.7f, 3);
        check("sigmoid", VectorMath::sigmoid, VectorMath::sigmoid, x -> 1 / (1 + Math.exp(-x)), -30f, 30f, 3);
        assertThat(VectorMath.tanh(50f)).isEqualTo(1f);
        assertThat(VectorMath.tanh(-50f)).isEqualTo(-1f);
        assertThat(VectorMath.sigmoid(-200f)).isZero();
        assertThat(VectorMath.sigmoid(200f)).isEqualTo(1f);
    }
}
