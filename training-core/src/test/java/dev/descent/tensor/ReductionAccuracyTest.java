package dev.descent.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.backend.Generator;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** float32 sums of many elements stay within a few float32 roundings of the float64 sum. */
class ReductionAccuracyTest {

    private static double reference(float[] data) {
        double s = 0;
        for (float v : data) s += v;
        return s;
    }

    /** A few units in the last place of the float32 result: what a blocked (pairwise) sum achieves. */
    private static double ulps(double value, int n) {
        return n * Math.ulp((float) value);
    }

    @Test
    void sumOfTenMillionTenthsIsAccurate() {
        float[] data = new float[10_000_000];
        Arrays.fill(data, 0.1f);
        double ref = reference(data);
        Tensor x = Tensor.fromArray(data);
        assertThat(x.sum().item()).isCloseTo(ref, within(ulps(ref, 2)));
        assertThat(x.mean().item()).isCloseTo(ref / data.length, within(ulps(ref / data.length, 2)));
        assertThat(x.sumSquares().item()).isCloseTo(0.1f * 0.1f * 1e7, within(ulps(1e5, 8)));
    }

    @Test
    void sumOfSixteenMillionOnesIsExact() {
        int n = (1 << 24) + 1000;
        Tensor x = Tensor.ones(n);
        assertThat(x.sum().item()).isEqualTo((double) n);
        assertThat(x.mean().item()).isEqualTo(1.0);
    }

    @Test
    void sumOfARandomTensorMatchesTheDoubleSum() {
        Tensor x = Tensor.rand(new Generator(11), 3_000_001).add(0.5);
        double ref = reference(x.toFloatArray());
        assertThat(x.sum().item()).isCloseTo(ref, within(ulps(ref, 2)));
    }

    @Test
    void nonContiguousFullSumIsAccurate() {
        // A transposed view: its elements are not one contiguous row.
        Tensor x = Tensor.full(0.1, 2500, 4000).t();
        double ref = 0.1f * 1e7;
        assertThat(x.sum().item()).isCloseTo(ref, within(ulps(ref, 2)));
        Tensor strided = Tensor.full(0.1, 8_000_000).slice(0, 0, 8_000_000, 2);
        assertThat(strided.sum().item()).isCloseTo(0.1f * 4e6, within(ulps(4e5, 2)));
    }

    @Test
    void longRowSumAlongADimensionIsAccurate() {
        Tensor x = Tensor.full(0.1, 2, 5_000_000);
        double ref = 0.1f * 5e6;
        for (double v : x.sum(1).toDoubleArray()) assertThat(v).isCloseTo(ref, within(ulps(ref, 2)));
    }

    @Test
    void columnSumsOverAMillionRowsAreAccurate() {
        Tensor x = Tensor.full(0.1, 1_000_000, 16);
        double ref = 0.1f * 1e6;
        for (double v : x.sum(0).toDoubleArray()) assertThat(v).isCloseTo(ref, within(ulps(ref, 2)));
        for (double v : x.mean(0).toDoubleArray()) assertThat(v).isCloseTo(0.1f, within(ulps(0.1, 2)));
        Tensor r = Tensor.rand(new Generator(4), 100_003, 17);
        float[] data = r.toFloatArray();
        float[] sums = r.sum(0).toFloatArray();
        for (int j = 0; j < 17; j++) {
            double s = 0;
            for (int i = 0; i < 100_003; i++) s += data[i * 17 + j];
            assertThat((double) sums[j]).isCloseTo(s, within(ulps(s, 2)));
        }
    }
}
