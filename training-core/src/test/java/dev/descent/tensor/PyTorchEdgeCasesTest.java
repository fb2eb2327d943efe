package dev.descent.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.backend.DType;
import dev.descent.loss.CrossEntropyLoss;
import org.junit.jupiter.api.Test;

/** Where PyTorch defines an answer at an edge (zeros, constants, empty and 0-dim tensors, NaN), Descent gives it. */
class PyTorchEdgeCasesTest {

    @Test
    void theNormOfTheZeroVectorHasGradientZero() {
        Tensor x = Tensor.zeros(3).requiresGrad_();
        x.norm().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(0, 0, 0);
    }

    @Test
    void theStdOfAConstantHasGradientZero() {
        Tensor x = Tensor.full(3, 4).requiresGrad_();
        Tensor s = x.std();
        assertThat(s.item()).isZero();
        s.backward();
        assertThat(x.grad().toFloatArray()).containsExactly(0, 0, 0, 0);

        Tensor y = Tensor.fromArray(new float[] {1, 2}, 2, 1).requiresGrad_();
        y.std(new int[] {1}, 0, false).sum().backward(); // over a dimension of size 1
        assertThat(y.grad().toFloatArray()).containsExactly(0, 0);

        Tensor c = Tensor.fromArray(new double[] {0.9934680}).expand(12).requiresGrad_();
        assertThat(c.std().item()).isZero(); // exactly, despite the rounding of the mean's sum
    }

    @Test
    void theVarianceWithNoDegreesOfFreedomHasAnInfiniteGradient() {
        Tensor x = Tensor.scalar(-2.0988, DType.FLOAT64).requiresGrad_();
        Tensor v = x.var(null, 1, false);
        assertThat(v.item()).isNaN();
        v.mul(-0.5).backward();
        assertThat(x.grad().item()).isEqualTo(Double.NEGATIVE_INFINITY);

        Tensor y = Tensor.fromArray(new double[] {1, 3}).requiresGrad_();
        y.var(new int[] {0}, 2, false).backward(); // 2 (x - mean) / 0
        assertThat(y.grad().toDoubleArray()).containsExactly(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    @Test
    void reducingTheNonEmptyDimensionsOfAnEmptyTensorGivesAnEmptyTensor() {
        Tensor e = Tensor.zeros(2, 0, 3);
        assertThat(e.softmax(2).sizes()).containsExactly(2, 0, 3);
        assertThat(e.logSoftmax(0).sizes()).containsExactly(2, 0, 3);
        assertThat(e.amax(new int[] {2}, false).sizes()).containsExactly(2, 0);
        assertThat(e.logsumexp(2, false).sizes()).containsExactly(2, 0);
        Tensor lse = e.logsumexp(1, false);
        assertThat(lse.sizes()).containsExactly(2, 3);
        assertThat(lse.toFloatArray()).containsOnly(Float.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> e.amax(new int[] {1}, false)).hasMessageContaining("empty dimension");
    }

    @Test
    void theMeanCrossEntropyOfAnEmptyBatchIsNaN() {
        Tensor logits = Tensor.zeros(0, 4).requiresGrad_();
        Tensor loss = new CrossEntropyLoss().apply(logits, Tensor.zeros(DType.INT64, 0));
        assertThat(loss.item()).isNaN();
        loss.backward();
        assertThat(logits.grad().sizes()).containsExactly(0, 4);
    }

    @Test
    void unflattenInfersMinusOneFromTheDimensionAlone() {
        assertThat(Tensor.zeros(2, 4, 0).unflatten(1, -1, 2).sizes()).containsExactly(2, 2, 2, 0);
        assertThat(Tensor.zeros(2, 6).unflatten(-1, 3, -1).sizes()).containsExactly(2, 3, 2);
    }

    @Test
    void maxWithIndicesOfAZeroDimTensorIsItselfAtIndexZero() {
        Tensor x = Tensor.scalar(3.5).requiresGrad_();
        Tensor.ValuesIndices vi = x.maxWithIndices(0, false);
        assertThat(vi.values().item()).isEqualTo(3.5);
        assertThat(vi.indices().dim()).isZero();
        assertThat(vi.indices().itemLong()).isZero();
        vi.values().backward();
        assertThat(x.grad().item()).isEqualTo(1.0);
        assertThat(x.argmax(0, true).dim()).isZero();
    }

    @Test
    void signOfNaNIsNaNAndTheRoundingOpsHaveZeroGradients() {
        Tensor s = Tensor.fromArray(new float[] {Float.NaN, -2, 0, 3}).sign();
        assertThat(s.toFloatArray()).containsExactly(Float.NaN, -1, 0, 1);

        Tensor x = Tensor.fromArray(new float[] {-1.5f, 0.5f, 2.5f}).requiresGrad_();
        Tensor y = x.sign()
                .add(x.floor())
                .add(x.ceil())
                .add(x.round())
                .add(x.trunc())
                .add(x);
        y.sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(1, 1, 1);
        assertThat(x.round().toFloatArray()).containsExactly(-2, 0, 2); // halves to even
        assertThat(x.trunc().toFloatArray()).containsExactly(-1, 0, 2);
    }

    @Test
    void transposeAndFlattenOfAZeroDimTensor() {
        Tensor s = Tensor.scalar(2);
        assertThat(s.transpose(0, -1).dim()).isZero();
        assertThat(s.flatten(0, -1).sizes()).containsExactly(1);
    }
}
