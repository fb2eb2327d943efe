package dev.descent.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.backend.DType;
import org.junit.jupiter.api.Test;

/**
 * PyTorch's promotion rules: tensors with dimensions decide the dtype, a 0-dim tensor only when it is of a higher
 * category (and then with its own dtype), a Java long like a Python int and a Java double like a Python float.
 */
class TypePromotionTest {

    @Test
    void aZeroDimOperandOfAHigherCategoryKeepsItsOwnDtype() {
        Tensor ints = Tensor.fromArray(new long[] {1, 2});
        Tensor r = ints.add(Tensor.scalar(1.5, DType.FLOAT64));
        assertThat(r.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(r.toDoubleArray()).containsExactly(2.5, 3.5);

        Tensor bools = Tensor.fromArray(new boolean[] {true, false});
        Tensor s = bools.add(Tensor.scalar(3, DType.INT32));
        assertThat(s.dtype()).isEqualTo(DType.INT32);
        assertThat(s.toLongArray()).containsExactly(4, 3);
    }

    @Test
    void aZeroDimOperandOfTheSameCategoryDoesNotWiden() {
        Tensor floats = Tensor.fromArray(new float[] {1, 2});
        assertThat(floats.add(Tensor.scalar(1, DType.FLOAT64)).dtype()).isEqualTo(DType.FLOAT32);
        Tensor int8 = Tensor.fromBytes(new byte[] {1, 2}, DType.INT8);
        assertThat(int8.add(Tensor.scalar(1, DType.INT64)).dtype()).isEqualTo(DType.INT8);
    }

    @Test
    void aBoolTensorPlusAnIntIsInt64() {
        Tensor r = Tensor.fromArray(new boolean[] {true, false}).add(1);
        assertThat(r.dtype()).isEqualTo(DType.INT64);
        assertThat(r.toLongArray()).containsExactly(2, 1);
    }

    @Test
    void aDoubleIsAPythonFloatAndALongAPythonInt() {
        Tensor ints = Tensor.fromArray(new long[] {1, 2});
        assertThat(ints.add(2).dtype()).isEqualTo(DType.INT64);
        assertThat(ints.add(2.0).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(ints.mul(0.5).toFloatArray()).containsExactly(0.5f, 1f);
        assertThat(ints.pow(2).dtype()).isEqualTo(DType.INT64);
        assertThat(ints.pow(2.0).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(ints.clamp(0.5, 1.5).toFloatArray()).containsExactly(1f, 1.5f);
        assertThat(ints.clamp(0, 1).dtype()).isEqualTo(DType.INT64);
    }

    @Test
    void aNegativeIntegerDivisorOfAnUnsignedTensorIsNotWrapped() {
        Tensor r = Tensor.fromBytes(new byte[] {4, 6}, DType.UINT8).div(-2);
        assertThat(r.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(r.toFloatArray()).containsExactly(-2f, -3f);
    }

    @Test
    void aNumberThatDoesNotFitAnIntegerTensorWrapsInItsArithmetic() {
        // PyTorch computes uint8 + (-2) in uint8: 4 + 254 = 2 (mod 256).
        Tensor r = Tensor.fromBytes(new byte[] {4, 6}, DType.UINT8).add(-2);
        assertThat(r.dtype()).isEqualTo(DType.UINT8);
        assertThat(r.toLongArray()).containsExactly(2, 4);
    }

    @Test
    void inPlaceWritesRefuseResultsTheTargetCannotHold() {
        Tensor bools = Tensor.fromArray(new boolean[] {true, false});
        assertThatThrownBy(() -> bools.add_(2)).hasMessageContaining("can't be cast");
        Tensor bytes = Tensor.fromBytes(new byte[] {4, 6}, DType.UINT8);
        assertThatThrownBy(() -> bytes.clamp_(-0.5, 1.25)).hasMessageContaining("can't be cast");
        assertThatThrownBy(() -> bytes.sqrt_()).hasMessageContaining("can't be cast");
        assertThatThrownBy(() -> Tensor.fromArray(new long[] {1}).add_(1.5)).hasMessageContaining("can't be cast");
    }

    @Test
    void boolsRefuseSubtractionNegationAndRounding() {
        Tensor b = Tensor.fromArray(new boolean[] {true, false});
        assertThatThrownBy(() -> b.sub(b)).hasMessageContaining("bool");
        assertThatThrownBy(() -> b.rsub(1.5)).hasMessageContaining("bool");
        assertThatThrownBy(b::neg).hasMessageContaining("bool");
        assertThatThrownBy(b::floor).hasMessageContaining("bool");
        assertThatThrownBy(b::trunc).hasMessageContaining("bool");
        assertThat(b.square().toLongArray()).containsExactly(1, 0);
    }

    @Test
    void matmulDoesNotPromote() {
        Tensor a = Tensor.ones(2, 2), b = Tensor.ones(DType.FLOAT64, 2, 2);
        assertThatThrownBy(() -> a.matmul(b)).hasMessageContaining("same dtype");
    }

    @Test
    void aFullTensorOfNegativeZeroKeepsTheSign() {
        assertThat(1 / Tensor.scalar(-0.0, DType.FLOAT64).item()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Tensor.scalar(-0.0).rsqrt().item()).isEqualTo(Double.NEGATIVE_INFINITY);
    }
}
