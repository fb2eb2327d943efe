package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.backend.DType;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyntheticTest {

    private static LongFunction<TensorDataset> generator(String name) {
        return switch (name) {
            case "spirals" -> seed -> Synthetic.spirals(301, 3, 0.2, seed);
            case "moons" -> seed -> Synthetic.moons(301, 0.1, seed);
            case "blobs" -> seed -> Synthetic.blobs(301, 4, 1.0, seed);
            case "xor" -> seed -> Synthetic.xor(301, 0.05, seed);
            case "parabola" -> seed -> Synthetic.parabola(301, 0.02, seed);
            case "sine" -> seed -> Synthetic.sine(301, 0.1, seed);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"spirals", "moons", "blobs", "xor", "parabola", "sine"})
    void aSeedFixesEveryValueAndAnotherSeedChangesThem(String name) {
        TensorDataset a = generator(name).apply(11),
                b = generator(name).apply(11),
                c = generator(name).apply(12);
        assertThat(a.features().toFloatArray()).containsExactly(b.features().toFloatArray());
        assertThat(a.targets().toDoubleArray()).containsExactly(b.targets().toDoubleArray());
        assertThat(a.features().toFloatArray()).isNotEqualTo(c.features().toFloatArray());
        assertThat(a.size()).isEqualTo(301);
    }

    @ParameterizedTest
    @ValueSource(strings = {"spirals", "moons", "blobs", "xor"})
    void classificationSetsArePointsInThePlaneWithInt64Labels(String name) {
        TensorDataset ds = generator(name).apply(1);
        assertThat(ds.features().sizes()).containsExactly(301, 2);
        assertThat(ds.features().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(ds.targets().sizes()).containsExactly(301);
        assertThat(ds.targets().dtype()).isEqualTo(DType.INT64);
    }

    @Test
    void spiralArmsAreInterleavedBalancedAndInsideTheUnitDisc() {
        TensorDataset ds = Synthetic.spirals(300, 3, 0, 5);
        long[] y = ds.targets().toLongArray();
        float[] x = ds.features().toFloatArray();
        for (int i = 0; i < 300; i++) {
            assertThat(y[i]).isEqualTo(i % 3);
            assertThat(Math.hypot(x[2 * i], x[2 * i + 1])).isLessThanOrEqualTo(1 + 1e-6);
        }
        // Without noise the last point of arm c sits at radius 1, angle 4(c + 1).
        assertThat(x[2 * 299]).isCloseTo((float) Math.sin(12), within(1e-5f));
        assertThat(x[2 * 299 + 1]).isCloseTo((float) Math.cos(12), within(1e-5f));
    }

    @Test
    void noiselessMoonsLieOnTheirHalfCircles() {
        TensorDataset ds = Synthetic.moons(200, 0, 3);
        float[] x = ds.features().toFloatArray();
        long[] y = ds.targets().toLongArray();
        for (int i = 0; i < 200; i++) {
            double a = x[2 * i], b = x[2 * i + 1];
            if (y[i] == 0) {
                assertThat(Math.hypot(a, b)).isCloseTo(1, within(1e-6));
                assertThat(b).isGreaterThanOrEqualTo(-1e-6);
            } else {
                assertThat(Math.hypot(a - 1, b - 0.5)).isCloseTo(1, within(1e-6));
                assertThat(b).isLessThanOrEqualTo(0.5 + 1e-6);
            }
        }
    }

    @Test
    void blobsClusterAroundOneCentrePerClass() {
        TensorDataset ds = Synthetic.blobs(4000, 4, 0.5, 9);
        float[] x = ds.features().toFloatArray();
        long[] y = ds.targets().toLongArray();
        double[][] sum = new double[4][2];
        double[] sq = new double[4];
        for (int i = 0; i < 4000; i++) {
            sum[(int) y[i]][0] += x[2 * i];
            sum[(int) y[i]][1] += x[2 * i + 1];
        }
        for (int i = 0; i < 4000; i++) {
            int c = (int) y[i];
            double dx = x[2 * i] - sum[c][0] / 1000, dy = x[2 * i + 1] - sum[c][1] / 1000;
            sq[c] += dx * dx + dy * dy;
        }
        for (int c = 0; c < 4; c++) {
            assertThat(Math.abs(sum[c][0] / 1000)).isLessThanOrEqualTo(10.1);
            assertThat(Math.sqrt(sq[c] / 2000)).as("std of blob %d", c).isCloseTo(0.5, within(0.05));
        }
    }

    @Test
    void noiselessXorLabelsFollowTheSignsOfTheCoordinates() {
        TensorDataset ds = Synthetic.xor(500, 0, 4);
        float[] x = ds.features().toFloatArray();
        long[] y = ds.targets().toLongArray();
        int ones = 0;
        for (int i = 0; i < 500; i++) {
            assertThat(y[i]).isEqualTo((x[2 * i] > 0) != (x[2 * i + 1] > 0) ? 1 : 0);
            assertThat(Math.abs(x[2 * i])).isLessThanOrEqualTo(1);
            ones += (int) y[i];
        }
        assertThat(ones).isBetween(200, 300);
    }

    @Test
    void theParabolaIsXSquaredOnMinusHalfToHalf() {
        TensorDataset exact = Synthetic.parabola(1000, 0, 2);
        assertThat(exact.features().sizes()).containsExactly(1000, 1);
        assertThat(exact.targets().sizes()).containsExactly(1000, 1);
        assertThat(exact.targets().dtype()).isEqualTo(DType.FLOAT32);
        float[] x = exact.features().toFloatArray(), y = exact.targets().toFloatArray();
        float lo = 1, hi = -1;
        for (int i = 0; i < 1000; i++) {
            assertThat(y[i]).isCloseTo(x[i] * x[i], within(1e-7f));
            lo = Math.min(lo, x[i]);
            hi = Math.max(hi, x[i]);
        }
        assertThat(lo).isBetween(-0.5f, -0.49f);
        assertThat(hi).isBetween(0.49f, 0.5f);

        float[] xn = Synthetic.parabola(4000, 0.05, 2).features().toFloatArray(),
                yn = Synthetic.parabola(4000, 0.05, 2).targets().toFloatArray();
        double sq = 0;
        for (int i = 0; i < 4000; i++) sq += Math.pow(yn[i] - xn[i] * xn[i], 2);
        assertThat(Math.sqrt(sq / 4000)).isCloseTo(0.05, within(0.005));
    }

    @Test
    void theSineIsSinX() {
        TensorDataset ds = Synthetic.sine(200, 0, 1);
        float[] x = ds.features().toFloatArray(), y = ds.targets().toFloatArray();
        for (int i = 0; i < 200; i++) assertThat(y[i]).isCloseTo((float) Math.sin(x[i]), within(1e-6f));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> Synthetic.spirals(0, 3, 0.1, 1))
                .hasMessage("the number of examples must be >= 1, got 0");
        assertThatThrownBy(() -> Synthetic.spirals(10, 0, 0.1, 1)).hasMessage("classes must be >= 1, got 0");
        assertThatThrownBy(() -> Synthetic.moons(10, -0.1, 1)).hasMessage("noise must be >= 0, got -0.1");
        assertThatThrownBy(() -> Synthetic.blobs(10, 3, Double.NaN, 1)).hasMessage("std must be >= 0, got NaN");
        assertThatThrownBy(() -> Synthetic.blobs(10, 0, 1, 1)).hasMessage("centers must be >= 1, got 0");
    }
}
