package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class ClipTest {

    private static Tensor param(double[] grad, int... shape) {
        Tensor p = Tensor.zeros(DType.FLOAT64, shape).requiresGrad_();
        if (grad != null) p.setGrad(Tensor.fromArray(grad, shape));
        return p;
    }

    @Test
    void gradNormScalesAllGradientsTogetherAndReturnsTheNormBefore() {
        Tensor a = param(new double[] {3, 0}, 2);
        Tensor b = param(new double[] {0, 0, 4, 0}, 2, 2);
        double norm = Clip.gradNorm_(List.of(a, b), 1.0);
        assertThat(norm).isCloseTo(5, within(1e-12));
        double scale = 1.0 / (5 + 1e-6);
        assertThat(a.grad().toDoubleArray()).containsExactly(new double[] {3 * scale, 0}, within(1e-12));
        assertThat(b.grad().toDoubleArray()).containsExactly(new double[] {0, 0, 4 * scale, 0}, within(1e-12));
    }

    @Test
    void gradNormLeavesSmallGradientsAloneAndSkipsParametersWithout() {
        Tensor a = param(new double[] {0.3, -0.4}, 2);
        Tensor none = param(null, 3);
        assertThat(Clip.gradNorm_(List.of(a, none), 1.0)).isCloseTo(0.5, within(1e-12));
        assertThat(a.grad().toDoubleArray()).containsExactly(0.3, -0.4);
        assertThat(none.grad()).isNull();
        assertThat(Clip.gradNorm_(List.of(none), 1.0)).isZero();
    }

    @RepeatedTest(20)
    void afterClippingTheTotalNormIsTheSmallerOfTheNormAndTheLimit(RepetitionInfo info) {
        Random rnd = new Random(1000 + info.getCurrentRepetition());
        List<Tensor> params = new ArrayList<>();
        double sq = 0;
        for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
            double[] g = new double[1 + rnd.nextInt(10)];
            for (int j = 0; j < g.length; j++) {
                g[j] = rnd.nextGaussian() * 3;
                sq += g[j] * g[j];
            }
            params.add(param(g, g.length));
        }
        double maxNorm = 0.1 + rnd.nextDouble() * 10;
        double before = Clip.gradNorm_(params, maxNorm);
        assertThat(before).isCloseTo(Math.sqrt(sq), within(1e-9));
        double after = 0;
        for (Tensor p : params) for (double v : p.grad().toDoubleArray()) after += v * v;
        assertThat(Math.sqrt(after)).isCloseTo(Math.min(before, maxNorm), within(1e-5));
    }

    @Test
    void aNonFiniteNormIsReportedAndTheGradientsAreLeftAsTheyAre() {
        Tensor a = param(new double[] {1, 2}, 2);
        Tensor b = param(new double[] {Double.NaN, 0}, 2);
        assertThat(Clip.gradNorm_(List.of(a, b), 1.0)).isNaN();
        assertThat(a.grad().toDoubleArray()).containsExactly(1, 2);

        Tensor c = param(new double[] {Double.POSITIVE_INFINITY, 0}, 2);
        assertThat(Clip.gradNorm_(List.of(a, c), 1.0)).isInfinite();
        assertThat(a.grad().toDoubleArray()).containsExactly(1, 2);

        assertThatThrownBy(() -> Clip.gradNorm_(List.of(a, b), 1.0, true))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("the total gradient norm is NaN")
                .hasMessageContaining("parameter 1");
    }

    @Test
    void gradNormWorksOnFloat32AndOnExpandedGradients() {
        Tensor p = Tensor.zeros(2, 3).requiresGrad_();
        // A broadcast gradient shares one element six times: scaling it in place would scale that element six times.
        p.setGrad(Tensor.full(2.0, 1, 1).expand(2, 3));
        double norm = Clip.gradNorm_(List.of(p), 1.0);
        assertThat(norm).isCloseTo(Math.sqrt(24), within(1e-5));
        for (float v : p.grad().toFloatArray()) assertThat((double) v).isCloseTo(2 / Math.sqrt(24), within(1e-6));
    }

    @Test
    void gradValueClampsEveryElement() {
        Tensor a = param(new double[] {-3, -0.5, 0.2, 7}, 4);
        Tensor none = param(null, 1);
        Clip.gradValue_(List.of(a, none), 1.0);
        assertThat(a.grad().toDoubleArray()).containsExactly(-1, -0.5, 0.2, 1);
        assertThat(none.grad()).isNull();
    }

    @Test
    void badLimitsAreRefused() {
        List<Tensor> ps = List.of(param(new double[] {1}, 1));
        assertThatThrownBy(() -> Clip.gradNorm_(ps, 0)).hasMessage("max norm must be > 0, got 0");
        assertThatThrownBy(() -> Clip.gradNorm_(ps, Double.NaN)).hasMessage("max norm must be > 0, got NaN");
        assertThatThrownBy(() -> Clip.gradValue_(ps, -1)).hasMessage("clip value must be > 0, got -1");
    }

    /** Float32 gradients of every size class, some clipped and some not, some holding infinities. */
    @RepeatedTest(12)
    void clippingWithoutReadBackGivesGradNormsBitsAndLeavesDivergentGradientsAlone(RepetitionInfo info) {
        Random rnd = new Random(77 + info.getCurrentRepetition());
        int n = 1 + rnd.nextInt(4);
        boolean divergent = info.getCurrentRepetition() % 4 == 0;
        List<Tensor> host = new ArrayList<>(), device = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int size = 1 + rnd.nextInt(3000);
            float[] g = new float[size];
            for (int j = 0; j < size; j++) g[j] = (float) (rnd.nextGaussian() * 2);
            if (divergent && i == 0) g[0] = Float.POSITIVE_INFINITY;
            for (List<Tensor> to : List.of(host, device)) {
                Tensor p = Tensor.zeros(DType.FLOAT32, size).requiresGrad_();
                p.setGrad(Tensor.fromArray(g.clone(), size));
                to.add(p);
            }
        }
        double maxNorm = rnd.nextBoolean() ? 0.5 : 1e6;
        double norm = Clip.gradNorm_(host, maxNorm);
        Tensor onDevice = Clip.gradNormWithoutReadBack_(device, maxNorm);
        assertThat(onDevice.item()).isEqualTo(norm);
        for (int i = 0; i < n; i++) {
            assertThat(device.get(i).grad().toFloatArray())
                    .as("parameter %d", i)
                    .containsExactly(host.get(i).grad().toFloatArray());
        }
    }
}
