package dev.descent.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gradients.grad is torch.autograd.grad: gradients returned, .grad untouched, differentiable with createGraph. */
class GradientsTest {

    @Test
    void returnsTheGradientWithoutTouchingGrad() {
        Tensor x = Tensor.fromArray(new float[] {1, 2}).requiresGrad_();
        Tensor w = Tensor.fromArray(new float[] {3, 4}).requiresGrad_();
        List<Tensor> g = Gradients.grad(x.mul(w).sum(), x);
        assertThat(g.getFirst().toFloatArray()).containsExactly(3, 4);
        assertThat(x.grad()).isNull();
        assertThat(w.grad()).isNull();
    }

    @Test
    void aGradientPenaltyIsDifferentiableWithRespectToTheWeights() {
        Tensor w = Tensor.fromArray(new double[] {0.5, -2}).requiresGrad_();
        Tensor x = Tensor.fromArray(new double[] {1, 3}).requiresGrad_();
        Tensor critic = x.mul(w).tanh().sum();
        Tensor gx =
                Gradients.grad(List.of(critic), List.of(x), null, true, true).getFirst();
        Tensor penalty = gx.norm().sub(1).square();
        penalty.backward();
        // d/dw of (|g| - 1)^2 with g_i = w_i (1 - tanh(x_i w_i)^2), checked by central differences
        double h = 1e-6;
        for (int i = 0; i < 2; i++) {
            double[] up = {0.5, -2}, down = {0.5, -2};
            up[i] += h;
            down[i] -= h;
            double numeric = (penalty(up) - penalty(down)) / (2 * h);
            assertThat(w.grad().toDoubleArray()[i]).isCloseTo(numeric, within(1e-6));
        }
        assertThat(x.grad()).isNotNull(); // the penalty depends on x too
    }

    private static double penalty(double[] w) {
        double[] x = {1, 3};
        double s = 0;
        for (int i = 0; i < 2; i++) {
            double t = Math.tanh(x[i] * w[i]), g = w[i] * (1 - t * t);
            s += g * g;
        }
        return Math.pow(Math.sqrt(s) - 1, 2);
    }

    @Test
    void intermediateTensorsAndSeveralOutputsWithGradOutputs() {
        Tensor x = Tensor.fromArray(new float[] {1, 2}).requiresGrad_();
        Tensor h = x.mul(3);
        Tensor a = h.square(), b = h.sum();
        List<Tensor> g =
                Gradients.grad(List.of(a, b), List.of(h, x), List.of(Tensor.ones(2), Tensor.scalar(2)), false, false);
        assertThat(g.get(0).toFloatArray()).containsExactly(2 * 3 + 2, 2 * 6 + 2); // 2h + 2
        assertThat(g.get(1).toFloatArray()).containsExactly(24, 42); // 3 (2h + 2)
    }

    @Test
    void anUnusedInputIsAnErrorUnlessAllowed() {
        Tensor x = Tensor.scalar(1).requiresGrad_(), y = Tensor.scalar(2).requiresGrad_();
        assertThatThrownBy(() -> Gradients.grad(x.mul(2), x, y)).hasMessageContaining("not used");
        List<Tensor> g = Gradients.grad(List.of(x.mul(2)), List.of(x, y), null, false, false, true);
        assertThat(g.get(0).item()).isEqualTo(2.0);
        assertThat(g.get(1)).isNull();
    }

    @Test
    void theGraphIsFreedUnlessRetained() {
        Tensor x = Tensor.scalar(3).requiresGrad_();
        Tensor y = x.exp();
        Gradients.grad(y, x);
        assertThatThrownBy(() -> Gradients.grad(y, x)).hasMessageContaining("second time");
        Tensor z = x.exp();
        Gradients.grad(List.of(z), List.of(x), null, true, false);
        assertThat(Gradients.grad(z, x).getFirst().item()).isCloseTo(Math.exp(3), within(1e-3));
    }
}
