package dev.descent.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.backend.DType;
import org.junit.jupiter.api.Test;

/** prod, cumsum, sort, topk, flip, roll, masked_select, scatter, floor_divide, remainder, fmod, norm(p, dims). */
class NewTensorOpsTest {

    @Test
    void prodAndItsGradientWithZeros() {
        Tensor x = Tensor.fromArray(new double[] {2, 0, 3, 4}).requiresGrad_();
        Tensor p = x.prod();
        assertThat(p.item()).isZero();
        p.backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(0, 24, 0, 0); // only the zero's neighbours' product

        Tensor y = Tensor.fromArray(new double[] {0, 1, 0, 5, 2, 3}, 2, 3).requiresGrad_();
        y.prod(1, false).sum().backward();
        // row 0 has two zeros: all 0; row 1 none: y / x
        assertThat(y.grad().toDoubleArray()).containsExactly(0, 0, 0, 6, 15, 10);
        assertThat(Tensor.fromArray(new int[] {2, 3}).prod().dtype()).isEqualTo(DType.INT64);
    }

    @Test
    void cumsumAndItsGradient() {
        Tensor x = Tensor.fromArray(new float[] {1, 2, 3, 4, 5}).requiresGrad_();
        Tensor c = x.cumsum(0);
        assertThat(c.toFloatArray()).containsExactly(1, 3, 6, 10, 15);
        c.mul(Tensor.fromArray(new float[] {1, 0, 0, 0, 1})).sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(2, 1, 1, 1, 1);
        assertThat(Tensor.fromArray(new boolean[] {true, true}).cumsum(0).toLongArray())
                .containsExactly(1, 2);
    }

    @Test
    void sortIsStableWithNaNLastAndTopkGathersItsGradient() {
        Tensor x = Tensor.fromArray(new float[] {3, Float.NaN, 1, 3, -0.0f, 0});
        Tensor.ValuesIndices s = x.sort(0, false);
        assertThat(s.indices().toLongArray()).containsExactly(4, 5, 2, 0, 3, 1);
        assertThat(x.argsort(0, true).toLongArray()).containsExactly(1, 0, 3, 2, 4, 5);

        Tensor y = Tensor.fromArray(new float[] {0.5f, 2, -1, 4}, 2, 2).requiresGrad_();
        Tensor.ValuesIndices top = y.topk(1, 1, true);
        assertThat(top.values().toFloatArray()).containsExactly(2, 4);
        assertThat(top.indices().toLongArray()).containsExactly(1, 1);
        top.values().sum().backward();
        assertThat(y.grad().toFloatArray()).containsExactly(0, 1, 0, 1);
    }

    @Test
    void flipRollAndMaskedSelect() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        assertThat(x.flip(0, 1).toLongArray()).containsExactly(5, 4, 3, 2, 1, 0);
        assertThat(x.roll(1).toLongArray()).containsExactly(5, 0, 1, 2, 3, 4);
        assertThat(x.roll(new int[] {-1}, new int[] {1}).toLongArray()).containsExactly(1, 2, 0, 4, 5, 3);
        Tensor mask = Tensor.fromArray(new boolean[] {true, false, true});
        assertThat(x.maskedSelect(mask).toLongArray()).containsExactly(0, 2, 3, 5);

        Tensor w = Tensor.fromArray(new float[] {1, 2, 3}).requiresGrad_();
        w.maskedSelect(mask).sum().backward();
        assertThat(w.grad().toFloatArray()).containsExactly(1, 0, 1);
    }

    @Test
    void scatterWritesAndTheLastWriterWins() {
        Tensor self = Tensor.zeros(4).requiresGrad_();
        Tensor src = Tensor.fromArray(new float[] {5, 6, 7}).requiresGrad_();
        Tensor out = self.scatter(0, Tensor.fromArray(new long[] {1, 3, 1}), src);
        assertThat(out.toFloatArray()).containsExactly(0, 7, 0, 6);
        out.mul(Tensor.fromArray(new float[] {1, 2, 3, 4})).sum().backward();
        assertThat(self.grad().toFloatArray()).containsExactly(1, 0, 3, 0);
        assertThat(src.grad().toFloatArray()).containsExactly(2, 4, 2);
    }

    @Test
    void floorDivideRemainderAndFmodFollowPythonAndC() {
        Tensor a = Tensor.fromArray(new float[] {7, -7, 7, -7});
        Tensor b = Tensor.fromArray(new float[] {2, 2, -2, -2});
        assertThat(a.floorDivide(b).toFloatArray()).containsExactly(3, -4, -4, 3);
        assertThat(a.remainder(b).toFloatArray()).containsExactly(1, 1, -1, -1);
        assertThat(a.fmod(b).toFloatArray()).containsExactly(1, -1, 1, -1);
        Tensor ints = Tensor.fromArray(new long[] {7, -7});
        assertThat(ints.floorDivide(2).toLongArray()).containsExactly(3, -4);
        assertThat(ints.remainder(-2).toLongArray()).containsExactly(-1, -1);
        assertThatThrownBy(() -> ints.fmod(0)).hasMessageContaining("ZeroDivisionError");

        Tensor x = Tensor.fromArray(new double[] {7.5}).requiresGrad_();
        Tensor y = Tensor.fromArray(new double[] {2}).requiresGrad_();
        x.remainder(y).backward();
        assertThat(x.grad().item()).isEqualTo(1.0);
        assertThat(y.grad().item()).isEqualTo(-3.0);
    }

    @Test
    void pNormsOverDimensions() {
        Tensor x = Tensor.fromArray(new float[] {3, -4, 0, 1}, 2, 2);
        assertThat(x.norm(2, new int[] {1}, false).toFloatArray()).containsExactly(5, 1);
        assertThat(x.norm(1, null, false).item()).isEqualTo(8.0);
        assertThat(x.norm(Double.POSITIVE_INFINITY, new int[] {0}, true).toFloatArray())
                .containsExactly(3, 4);
        assertThat(x.norm(0, null, false).item()).isEqualTo(3.0);
    }

    @Test
    void maskedFillKeepsTheDtypeAndChecksAFloatFits() {
        Tensor bytes = Tensor.fromBytes(new byte[] {1, 2}, DType.UINT8);
        Tensor mask = Tensor.fromArray(new boolean[] {true, false});
        assertThat(bytes.maskedFill(mask, 9.7).toLongArray()).containsExactly(9, 2);
        assertThat(bytes.maskedFill(mask, -2).toLongArray()).containsExactly(254, 2);
        assertThatThrownBy(() -> bytes.maskedFill(mask, -1.5)).hasMessageContaining("overflow");
        assertThat(Tensor.arange(4).oneHot(-1).sizes()).containsExactly(4, 4);
    }
}
