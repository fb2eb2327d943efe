package dev.descent.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** In-place ops inside a graph, on tensors and on their views, differentiate as PyTorch's do. */
class InPlaceAutogradTest {

    private static Tensor x() {
        return Tensor.fromArray(new float[] {2, -1, 0.5f}).requiresGrad_();
    }

    @Test
    void reluInPlaceOnANonLeafKeepsTheValuesItsBackwardNeeds() {
        Tensor x = x();
        Tensor a = x.mul(2);
        a.relu_();
        a.mul(x).sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(8, 0, 2);
    }

    @Test
    void clampAndMulInPlaceOnANonLeafBackpropagate() {
        Tensor x = x();
        Tensor a = x.mul(2);
        a.clamp_(-1.0, 3.0);
        a.mul(x).sum().backward();
        // a = clamp(2x) = [3, -1, 1]; d(a x)/dx = a + x da/dx, da/dx = 2 inside the bounds
        assertThat(x.grad().toFloatArray()).containsExactly(3, -1, 2);

        Tensor w = Tensor.fromArray(new float[] {1, 2, 3}).requiresGrad_();
        Tensor y = x.detach().requiresGrad_();
        Tensor b = y.mul(2);
        b.mul_(w);
        b.sum().backward();
        assertThat(w.grad().toFloatArray()).containsExactly(4, -2, 1); // 2y, from before the write
        assertThat(y.grad().toFloatArray()).containsExactly(2, 4, 6);
    }

    @Test
    void anInPlaceOpOnAViewReachesTheBasesGraph() {
        Tensor x = Tensor.fromArray(new float[] {1, 2, 3, 4}, 2, 2).requiresGrad_();
        Tensor y = x.mul(1);
        y.select(0, 0).mul_(2);
        y.sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(2, 2, 1, 1);
        assertThat(y.gradFn().name()).isEqualTo("CopySlicesBackward");
    }

    @Test
    void aViewTakenBeforeTheWriteFollowsItsBase() {
        Tensor x = Tensor.fromArray(new float[] {1, 2, 3}).requiresGrad_();
        Tensor y = x.mul(1);
        Tensor whole = y.view(3);
        y.narrow(0, 1, 1).mul_(x.narrow(0, 0, 1)); // y[1] *= x[0]
        whole.mul(Tensor.fromArray(new float[] {1, 10, 100})).sum().backward();
        // whole = [x0, x1 x0, x2]: d/dx0 = 1 + 10 x1, d/dx1 = 10 x0, d/dx2 = 100
        assertThat(x.grad().toFloatArray()).containsExactly(21, 10, 100);
    }

    @Test
    void copyAndFillInPlaceCutTheOverwrittenValuesFromTheGraph() {
        Tensor x = x();
        Tensor y = x.mul(3);
        y.narrow(0, 0, 2).copy_(Tensor.fromArray(new float[] {5, 5}));
        y.mul(x).sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(5, 5, 3);

        Tensor z = x.detach().requiresGrad_();
        Tensor a = z.mul(3);
        a.zero_();
        assertThat(a.requiresGrad()).isTrue();
        a.add(z).sum().backward();
        assertThat(z.grad().toFloatArray()).containsExactly(1, 1, 1);
    }

    @Test
    void anInPlaceOpOnAViewOfALeafThatRequiresGradIsRefused() {
        Tensor x = x();
        assertThatThrownBy(() -> x.narrow(0, 0, 1).mul_(2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("view of a leaf");
    }

    @Test
    void aViewTakenUnderNoGradStaysOutOfTheGraph() {
        Tensor x = x();
        Tensor y = x.mul(2);
        Tensor v;
        try (var _ = GradMode.noGrad()) {
            v = y.narrow(0, 0, 2);
        }
        y.add_(1);
        assertThat(v.requiresGrad()).isFalse();
    }
}
