package dev.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** nn functionals where PyTorch's answer was missed: unpooling, transposed convolution, padding, pooling options. */
class FunctionalParityTest {

    @Test
    void maxUnpoolWritesAMaximumOnceWhenOverlappingWindowsShareIt() {
        Tensor plane = Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 9, 6, 7, 8, 0, 1, 2}, 1, 1, 3, 4)
                .requiresGrad_();
        Tensor.ValuesIndices pooled = F.maxPool2dWithIndices(
                plane, new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, false);
        Tensor values = pooled.values().detach().requiresGrad_();
        Tensor out = F.maxUnpool2d(
                values, pooled.indices(), new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0}, new int[] {3, 4});
        assertThat(out.toFloatArray()[5]).isEqualTo(9f); // the peak, found by four windows, is 9, not 36
        out.sum().backward();
        assertThat(values.grad().toFloatArray()).containsOnly(1f); // every copy gets the gradient, as in PyTorch
    }

    @Test
    void convTranspose2dTakesOutputPaddingUpToTheDilation() {
        Tensor x = Tensor.ones(1, 1, 3, 3), w = Tensor.ones(1, 1, 2, 2);
        Tensor y = F.convTranspose2d(
                x, w, null, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1, new int[] {2, 2});
        assertThat(y.sizes()).containsExactly(1, 1, 6, 6);
        assertThat(y.sum().item()).isEqualTo(36.0); // every input element lands on four outputs
        float[] v = y.toFloatArray();
        assertThat(v[35]).isZero(); // the padded last row and column receive nothing
    }

    @Test
    void reflectAndCircularPadding() {
        Tensor x = Tensor.fromArray(new float[] {1, 2, 3}, 1, 3);
        assertThat(F.pad(x, new int[] {2, 1}, "reflect", 0).toFloatArray()).containsExactly(3, 2, 1, 2, 3, 2);
        assertThat(F.pad(x.unsqueeze(0), new int[] {2, 1}, "circular", 0).toFloatArray())
                .containsExactly(2, 3, 1, 2, 3, 1);
        assertThatThrownBy(() -> F.pad(x, new int[] {3, 0}, "reflect", 0)).hasMessageContaining("smaller");
        assertThatThrownBy(() -> F.pad(x, new int[] {1, 1}, "circular", 0)).hasMessageContaining("circular");

        Tensor w = Tensor.fromArray(new float[] {1, 2, 3}, 1, 3).requiresGrad_();
        F.pad(w, new int[] {1, 1}, "reflect", 0).sum().backward();
        assertThat(w.grad().toFloatArray()).containsExactly(1, 3, 1);
    }

    @Test
    void embeddingPaddingIdxGetsNoGradient() {
        Tensor weight = Tensor.ones(4, 2).requiresGrad_();
        Tensor idx = Tensor.fromArray(new long[] {0, 3, 3, 1});
        F.embedding(idx, weight, 3L).sum().backward();
        assertThat(weight.grad().toFloatArray()).containsExactly(1, 1, 1, 1, 0, 0, 0, 0);
        Tensor w2 = Tensor.ones(4, 2).requiresGrad_();
        F.embedding(idx, w2, -1L).sum().backward(); // -1 is the last row
        assertThat(w2.grad().toFloatArray()).containsExactly(1, 1, 1, 1, 0, 0, 0, 0);
    }

    @Test
    void anEmbeddingModulesPaddingRowStartsAtZerosAndStaysThere() {
        Embedding e = new Embedding(4, 2, -1L, new dev.descent.backend.Generator(3));
        assertThat(e.paddingIdx).isEqualTo(3L);
        assertThat(e.weight.select(0, 3).toFloatArray()).containsExactly(0, 0);
        e.forward(Tensor.fromArray(new long[] {3, 0})).sum().backward();
        assertThat(e.weight.grad().select(0, 3).toFloatArray()).containsExactly(0, 0);
        assertThat(e.toString()).contains("padding_idx=3");
    }

    @Test
    void avgPoolDivisorOverride() {
        Tensor x = Tensor.ones(1, 1, 4, 4);
        Tensor y = F.avgPool2d(x, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, false, true, 3);
        assertThat(y.toFloatArray()).containsOnly(4f / 3);
        AvgPool2d pool = new AvgPool2d(new int[] {2, 2}, null, new int[] {0, 0}, false, true, 3);
        assertThat(pool.forward(x).toFloatArray()).containsOnly(4f / 3);
        assertThat(pool.toString()).contains("divisor_override=3");
    }

    @Test
    void ceilModeKeepsAWindowThatOnlyPartlyCoversADilatedKernel() {
        Tensor x = Tensor.arange(0.0, 10, 1.0).reshape(1, 1, 2, 5);
        Tensor y = F.maxPool2d(x, new int[] {2, 1}, new int[] {3, 3}, new int[] {0, 0}, new int[] {2, 1}, true);
        assertThat(y.sizes()).containsExactly(1, 1, 1, 2);
        assertThat(y.toFloatArray()).containsExactly(0, 3);
    }

    @Test
    void adaptiveAveragePoolingKeepsAnInfinityInItsOwnCell() {
        Tensor x = Tensor.fromArray(new float[] {1, Float.POSITIVE_INFINITY, 3, 5}, 1, 1, 1, 4);
        Tensor y = F.adaptiveAvgPool2d(x, 1, 2);
        assertThat(y.toFloatArray()).containsExactly(Float.POSITIVE_INFINITY, 4);
    }
}
