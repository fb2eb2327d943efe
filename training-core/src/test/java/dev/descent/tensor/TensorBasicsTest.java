package dev.descent.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.autograd.GradMode;
import dev.descent.backend.DType;
import dev.descent.backend.Generator;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorBasicsTest {

    @Test
    void creationFunctions() {
        assertThat(Tensor.arange(5).toLongArray()).containsExactly(0, 1, 2, 3, 4);
        assertThat(Tensor.arange(5).dtype()).isEqualTo(DType.INT64);
        assertThat(Tensor.arange(1, 10, 3).toLongArray()).containsExactly(1, 4, 7);
        assertThat(Tensor.arange(0.0, 1.0, 0.25).toFloatArray()).containsExactly(0f, 0.25f, 0.5f, 0.75f);
        assertThat(Tensor.linspace(0, 1, 5).toFloatArray()).containsExactly(0f, 0.25f, 0.5f, 0.75f, 1f);
        assertThat(Tensor.logspace(0, 2, 3).toFloatArray()).containsExactly(new float[] {1, 10, 100}, within(1e-3f));
        assertThat(Tensor.eye(3).toArray()).isEqualTo(new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        assertThat(Tensor.full(7, 2, 2).toFloatArray()).containsOnly(7f);
        assertThat(Tensor.zerosLike(Tensor.ones(DType.INT32, 2)).dtype()).isEqualTo(DType.INT32);
        assertThat(Tensor.of(new double[][] {{1, 2}, {3, 4}}).sizes()).containsExactly(2, 2);
        assertThat(Tensor.of(new double[][] {{1, 2}, {3, 4}}).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(Tensor.of(new boolean[] {true, false}).dtype()).isEqualTo(DType.BOOL);
        assertThatThrownBy(() -> Tensor.of(new float[][] {{1, 2}, {3}})).hasMessageContaining("ragged");
        assertThatThrownBy(() -> Tensor.fromArray(new float[5], 2, 3))
                .hasMessageContaining("[2, 3]")
                .hasMessageContaining("5");
    }

    @Test
    void randomTensorsAreReproducibleFromASeed() {
        assertThat(Tensor.randn(new Generator(7), 100).toFloatArray())
                .containsExactly(Tensor.randn(new Generator(7), 100).toFloatArray());
        assertThat(Tensor.randn(new Generator(7), 100).toFloatArray())
                .isNotEqualTo(Tensor.randn(new Generator(8), 100).toFloatArray());
        Tensor n = Tensor.randn(new Generator(1), 100_000);
        assertThat(n.mean().item()).isCloseTo(0, within(0.02));
        assertThat(n.std().item()).isCloseTo(1, within(0.02));
        Tensor u = Tensor.rand(new Generator(2), 10_000);
        assertThat(u.min().item()).isGreaterThanOrEqualTo(0);
        assertThat(u.max().item()).isLessThan(1);
        long[] ints = Tensor.randint(new Generator(3), -2, 3, 1000).toLongArray();
        assertThat(java.util.Arrays.stream(ints).allMatch(v -> v >= -2 && v < 3))
                .isTrue();
        assertThat(ints).contains(-2, 2);
        assertThat(Tensor.randperm(new Generator(4), 10).toLongArray())
                .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void dtypesConvertAndPromote() {
        Tensor i = Tensor.arange(4);
        Tensor f = i.to(DType.FLOAT32);
        assertThat(f.toFloatArray()).containsExactly(0, 1, 2, 3);
        assertThat(Tensor.fromArray(new float[] {1.7f, -1.7f}).to(DType.INT32).toIntArray())
                .containsExactly(1, -1);
        assertThat(i.add(0.5).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(i.add(2).dtype()).isEqualTo(DType.INT64);
        assertThat(i.div(2).toFloatArray()).containsExactly(0f, 0.5f, 1f, 1.5f);
        assertThat(f.add(Tensor.scalar(1, DType.FLOAT64)).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(f.add(Tensor.ones(DType.FLOAT64, 4)).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(i.gt(1).dtype()).isEqualTo(DType.BOOL);
        assertThat(i.gt(1).toBooleanArray()).containsExactly(false, false, true, true);
        assertThat(Tensor.fromBytes(new byte[] {(byte) 200, 5}, DType.UINT8).toLongArray())
                .containsExactly(200, 5);
        assertThat(Tensor.fromBytes(new byte[] {(byte) 200, 5}, DType.INT8).toLongArray())
                .containsExactly(-56, 5);
        assertThat(Tensor.fromArray(new long[] {Long.MAX_VALUE - 1}).add(1).itemLong())
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void reductionsOverDims() {
        Tensor x = Tensor.of(new float[][] {{1, 5, 3}, {4, 2, 6}});
        assertThat(x.sum().item()).isEqualTo(21);
        assertThat(x.sum(0).toFloatArray()).containsExactly(5, 7, 9);
        assertThat(x.sum(1, true).sizes()).containsExactly(2, 1);
        assertThat(x.mean(1).toFloatArray()).containsExactly(3, 4);
        assertThat(x.max(1).toFloatArray()).containsExactly(5, 6);
        assertThat(x.min(0).toFloatArray()).containsExactly(1, 2, 3);
        assertThat(x.argmax(1).toLongArray()).containsExactly(1, 2);
        assertThat(x.argmin(1, true).sizes()).containsExactly(2, 1);
        assertThat(x.argmax().itemLong()).isEqualTo(5);
        Tensor.ValuesIndices vi = x.maxWithIndices(0, false);
        assertThat(vi.values().toFloatArray()).containsExactly(4, 5, 6);
        assertThat(vi.indices().toLongArray()).containsExactly(1, 0, 1);
        assertThat(x.var(1, false).toFloatArray()).containsExactly(4, 4);
        assertThat(x.var(new int[] {1}, 0, false).toFloatArray())
                .containsExactly(new float[] {8f / 3, 8f / 3}, within(1e-6f));
        assertThat(x.std().item()).isCloseTo(Math.sqrt(3.5), within(1e-6));
        assertThat(Tensor.arange(4).sum().dtype()).isEqualTo(DType.INT64);
        assertThat(Tensor.ones(DType.BOOL, 5).sum().itemLong()).isEqualTo(5);
        assertThatThrownBy(() -> x.sum(2))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("range of [-2, 1]");
    }

    @Test
    void softmaxAndLogsumexpAreStableForLargeValues() {
        Tensor x = Tensor.fromArray(new float[] {1000, 1001, 1002});
        assertThat(x.softmax(0).toFloatArray())
                .containsExactly(new float[] {0.09003057f, 0.24472847f, 0.66524096f}, within(1e-6f));
        assertThat(x.logSoftmax(0).toFloatArray())
                .containsExactly(new float[] {-2.4076059f, -1.4076059f, -0.4076059f}, within(1e-5f));
        assertThat(x.logsumexp(0, false).item()).isCloseTo(1002.4076059, within(1e-3));
        assertThat(x.neg().logsumexp(0, false).item()).isCloseTo(-999.5923941, within(1e-3));
    }

    @Test
    void matmulShapes() {
        assertThat(Tensor.ones(3).matmul(Tensor.ones(3)).dim()).isZero();
        assertThat(Tensor.ones(2, 3).matmul(Tensor.ones(3)).sizes()).containsExactly(2);
        assertThat(Tensor.ones(3).matmul(Tensor.ones(3, 4)).sizes()).containsExactly(4);
        assertThat(Tensor.ones(5, 2, 3).matmul(Tensor.ones(3, 4)).sizes()).containsExactly(5, 2, 4);
        assertThat(Tensor.ones(5, 1, 2, 3).matmul(Tensor.ones(6, 3, 4)).sizes()).containsExactly(5, 6, 2, 4);
        Tensor a = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        assertThat(a.matmul(a).toArray()).isEqualTo(new float[][] {{7, 10}, {15, 22}});
        assertThat(a.t().matmul(a).toArray()).isEqualTo(new float[][] {{10, 14}, {14, 20}});
        assertThatThrownBy(() -> Tensor.ones(2, 3).matmul(Tensor.ones(2, 3)))
                .hasMessageContaining("cannot be multiplied (2x3 and 2x3)");
    }

    @Test
    void joiningSplittingAndIndexing() {
        Tensor a = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        assertThat(Tensor.cat(0, a, a).sizes()).containsExactly(4, 2);
        assertThat(Tensor.cat(1, a, Tensor.zeros(2, 1)).toArray()).isEqualTo(new float[][] {{1, 2, 0}, {3, 4, 0}});
        assertThat(Tensor.stack(List.of(a, a), 0).sizes()).containsExactly(2, 2, 2);
        assertThatThrownBy(() -> Tensor.cat(0, a, Tensor.zeros(2, 3))).hasMessageContaining("sizes must match");
        assertThat(Tensor.arange(7).split(3, 0)).hasSize(3);
        assertThat(Tensor.arange(7).chunk(2, 0).get(1).toLongArray()).containsExactly(4, 5, 6);
        assertThat(a.gather(1, Tensor.of(new long[][] {{1}, {0}})).toFloatArray())
                .containsExactly(2, 3);
        assertThat(Tensor.zeros(3)
                        .scatterAdd(0, Tensor.fromArray(new long[] {0, 0, 2}), Tensor.ones(3))
                        .toFloatArray())
                .containsExactly(2, 0, 1);
        assertThat(a.indexSelect(0, Tensor.fromArray(new long[] {1, 1, 0})).toArray())
                .isEqualTo(new float[][] {{3, 4}, {3, 4}, {1, 2}});
        assertThatThrownBy(() -> a.indexSelect(0, Tensor.fromArray(new long[] {2})))
                .hasMessageContaining("out of bounds for dimension 0 with size 2");
        assertThat(Tensor.fromArray(new long[] {2, 0}).oneHot(3).toArray())
                .isEqualTo(new long[][] {{0, 0, 1}, {1, 0, 0}});
        assertThatThrownBy(() -> Tensor.fromArray(new long[] {3}).oneHot(3)).hasMessageContaining("[0, 3)");
        assertThat(a.maskedFill(a.gt(2), -1).toFloatArray()).containsExactly(1, 2, -1, -1);
        assertThat(Tensor.where(a.gt(2), a, Tensor.scalar(0)).toFloatArray()).containsExactly(0, 0, 3, 4);
        assertThat(a.get(1, 0).item()).isEqualTo(3);
    }

    @Test
    void inPlaceOpsBumpTheVersionAndShareWithViews() {
        Tensor x = Tensor.zeros(2, 3);
        Tensor row = x.select(0, 1);
        try (var _ = GradMode.noGrad()) {
            row.fill_(5);
            x.narrow(1, 0, 1).add_(1);
        }
        assertThat(x.toFloatArray()).containsExactly(1, 0, 0, 6, 5, 5);
        assertThat(x.version()).isEqualTo(2);
        assertThat(row.version()).isEqualTo(2);
        assertThatThrownBy(() -> Tensor.arange(3).add_(0.5))
                .hasMessageContaining("can't be cast to the desired output type int64");
        Tensor y = Tensor.ones(3);
        y.copy_(Tensor.fromArray(new long[] {4, 5, 6}));
        assertThat(y.toFloatArray()).containsExactly(4, 5, 6);
        assertThat(y.zero_().toFloatArray()).containsOnly(0f);
    }

    @Test
    void printsLikePyTorch() {
        assertThat(Tensor.of(new float[][] {{1, 2.5f}, {3, 4}}).toString())
                .isEqualTo("tensor([[1., 2.5000],\n        [3., 4.]])");
        assertThat(Tensor.arange(3).toString()).isEqualTo("tensor([0, 1, 2])");
        assertThat(Tensor.ones(2).requiresGrad_().toString()).isEqualTo("tensor([1., 1.], requiresGrad=true)");
        assertThat(Tensor.ones(2).requiresGrad_().mul(2).toString()).contains("gradFn=<MulBackward>");
        assertThat(Tensor.ones(DType.FLOAT64, 1).toString()).isEqualTo("tensor([1.], dtype=float64)");
        assertThat(Tensor.zeros(2000).toString()).contains("...");
    }

    @Test
    void itemNeedsOneElement() {
        assertThatThrownBy(() -> Tensor.ones(2).item())
                .hasMessageContaining("one element")
                .hasMessageContaining("[2]");
        assertThat(Tensor.ones(1, 1).item()).isEqualTo(1);
    }

    @Test
    void int64ConvertsToFloat32WithOneRounding() {
        long v = (1L << 60)
                + (1L << 36)
                + 1; // just above half an ulp of float32: rounds up, unless first rounded to double
        Tensor t = Tensor.fromArray(new long[] {v, -v, 3});
        assertThat(t.to(DType.FLOAT32).toFloatArray()).containsExactly((float) v, (float) -v, 3f);
        assertThat(t.toFloatArray()).containsExactly((float) v, (float) -v, 3f);
        assertThat(t.to(DType.FLOAT64).toDoubleArray()).containsExactly((double) v, (double) -v, 3.0);
        assertThat(Tensor.fromArray(new float[] {2.9f, -2.9f, Float.NaN})
                        .to(DType.INT64)
                        .toLongArray())
                .containsExactly(2, -2, 0);
        assertThat(Tensor.fromArray(new float[] {0.5f, 0, Float.NaN})
                        .to(DType.BOOL)
                        .toBooleanArray())
                .containsExactly(true, false, true);
    }

    @Test
    void sliceWithAHugeStep() {
        Tensor x = Tensor.arange(5);
        assertThat(x.slice(0, 0, 5, Integer.MAX_VALUE).toLongArray()).containsExactly(0);
        assertThat(x.slice(0, 1, 5, Integer.MAX_VALUE - 1).toLongArray()).containsExactly(1);
        assertThat(x.slice(0, 0, 5, 2).toLongArray()).containsExactly(0, 2, 4);
        assertThat(x.slice(0, 0, 4, 2).toLongArray()).containsExactly(0, 2);
    }

    @Test
    void numelOfHugeAndEmptyShapes() {
        assertThat(Shape.of(100_000, 100_000, 0).numel()).isZero();
        assertThat(Tensor.zeros(100_000, 100_000, 0).sum(0).sizes()).containsExactly(100_000, 0);
        assertThat(Tensor.zeros(0, 3).reshape(100_000, 0, 7).numel()).isZero();
        assertThatThrownBy(() -> Shape.of(65_536, 32_768))
                .hasMessageContaining("[65536, 32768]")
                .hasMessageContaining("2^31-1");
        assertThatThrownBy(() -> Shape.of(3, -1)).hasMessageContaining("negative dimension -1");
    }

    @Test
    void catOfScalarsIsRefusedClearly() {
        assertThatThrownBy(() -> Tensor.cat(0, Tensor.scalar(1), Tensor.scalar(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zero-dimensional tensor (at entry 0)");
        assertThatThrownBy(() -> Tensor.cat(0, Tensor.ones(2), Tensor.scalar(2)))
                .hasMessageContaining("at entry 1");
        assertThat(Tensor.stack(List.of(Tensor.scalar(1), Tensor.scalar(2)), 0).toFloatArray())
                .containsExactly(1, 2);
    }

    @Test
    void integerPowAndClampAreExact() {
        long big = (1L << 60) + 1;
        Tensor three = Tensor.fromArray(new long[] {3});
        assertThat(three.pow(39).itemLong()).isEqualTo(4052555153018976267L); // above 2^53, where double rounds
        assertThat(three.pow(Tensor.fromArray(new long[] {39})).itemLong()).isEqualTo(4052555153018976267L);
        assertThat(Tensor.fromArray(new long[] {1, -1, -1, 2})
                        .pow(Tensor.fromArray(new long[] {-3, -3, -2, -1}))
                        .toLongArray())
                .containsExactly(1, -1, 1, 0);
        assertThat(Tensor.fromArray(new long[] {big}).clampMin(0L).itemLong()).isEqualTo(big);
        assertThat(Tensor.fromArray(new long[] {-5, 5, big}).clamp(-2, 3).toLongArray())
                .containsExactly(-2, 3, 3);
    }

    @Test
    void integerTensorToAFractionalOrNegativePower() {
        Tensor x = Tensor.arange(1, 5, 1);
        Tensor root = x.pow(0.5);
        assertThat(root.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(root.toFloatArray()).containsExactly(new float[] {1, 1.4142135f, 1.7320508f, 2}, within(1e-6f));
        assertThat(x.pow(2).toLongArray()).containsExactly(1, 4, 9, 16);
        assertThat(x.pow(2).dtype()).isEqualTo(DType.INT64);
        assertThatThrownBy(() -> x.pow(-1))
                .hasMessageContaining("integers to negative integer powers are not allowed")
                .hasMessageContaining("int64");
    }

    @Test
    void allCloseBroadcastsBothSides() {
        assertThat(Tensor.ones(3).allClose(Tensor.ones(2, 3), 0, 0)).isTrue();
        assertThat(Tensor.ones(2, 3).allClose(Tensor.ones(3), 0, 0)).isTrue();
        assertThat(Tensor.ones(3).allClose(Tensor.fromArray(new float[] {1, 1, 1, 1, 1, 2}, 2, 3), 0, 0.5))
                .isFalse();
        assertThatThrownBy(() -> Tensor.ones(3).allClose(Tensor.ones(2), 0, 0))
                .hasMessageContaining("[3]")
                .hasMessageContaining("[2]");
    }
}
