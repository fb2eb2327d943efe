package dev.descent.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.backend.DType;
import dev.descent.data.TensorDataset;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** How class indices become the targets of a squared-error loss. */
class TargetEncodingTest {
    private final TargetEncoding mse = TargetEncoding.of(
            ModelPlan.of(BuiltinModels.builtin("scratch-mlp")),
            new TensorDataset(Tensor.zeros(4, 1, 28, 28), Tensor.arange(4)));

    @Test
    void classIndicesBecomeTheSameSmoothedOneHotRowsAsTheDirectEncoding() {
        Tensor labels = Tensor.of(new long[] {3, 0, 9, 3});
        Tensor direct = labels.oneHot(10).to(DType.FLOAT32).mul(0.98).add(0.01);

        Tensor encoded = mse.encode(labels);

        assertThat(encoded.sizes()).containsExactly(4, 10);
        assertThat(encoded.toFloatArray()).containsExactly(direct.toFloatArray());
        assertThat(mse.encode(Tensor.of(new long[] {9})).toFloatArray())
                .containsExactly(direct.narrow(0, 2, 1).toFloatArray());
    }

    @Test
    void aClassOutsideTheOutputsIsRefusedNamingTheRange() {
        assertThatThrownBy(() -> mse.encode(Tensor.of(new long[] {1, 10})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 10)");
    }
}
