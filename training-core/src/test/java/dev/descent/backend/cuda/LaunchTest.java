package dev.descent.backend.cuda;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.backend.StridedView;
import dev.descent.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** How kernel arguments are packed, and how matrix operands map onto cuBLAS, checked without a GPU. */
class LaunchTest {

    private static int[] ints(MemorySegment s, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = s.get(JAVA_INT, 4L * i);
        return out;
    }

    @Test
    void shapesAndViewsArePackedAsTheKernelsStructsWithUnusedDimensionsNeutral() {
        Launch a = new Launch()
                .reset()
                .i32(7)
                .shape(new int[] {2, 3})
                .view(5, new int[] {3, 1})
                .f64(0.5)
                .i64(-9);
        assertThat(a.count()).isEqualTo(5);
        assertThat(a.argument(0).get(JAVA_INT, 0)).isEqualTo(7);
        assertThat(ints(a.argument(1), 10)).containsExactly(2, 6, 2, 3, 1, 1, 1, 1, 1, 1);
        assertThat(ints(a.argument(2), 9)).containsExactly(5, 3, 1, 0, 0, 0, 0, 0, 0);
        assertThat(a.argument(3).get(JAVA_DOUBLE, 0)).isEqualTo(0.5);
        assertThat(a.argument(4).get(JAVA_LONG, 0)).isEqualTo(-9);
        assertThat(a.reset().count()).isZero();
    }

    @Test
    void operandsBroadcastFromTheRightWithStrideZero() {
        StridedView row = Tensor.fromArray(new float[] {1, 2, 3}, 1, 3);
        assertThat(Launch.broadcastStrides(row, new int[] {4, 2, 3})).containsExactly(0, 0, 1);
        StridedView col = Tensor.fromArray(new float[] {1, 2}, 2, 1);
        assertThat(Launch.broadcastStrides(col, new int[] {2, 5})).containsExactly(1, 0);
        assertThatThrownBy(() -> Launch.broadcastStrides(row, new int[] {2, 4}))
                .hasMessage("cannot broadcast [1, 3] to [2, 4]");
    }

    @Test
    void moreThanEightDimensionsAreRefusedByName() {
        assertThatThrownBy(() -> new Launch().reset().shape(new int[9]))
                .hasMessage("the cuda backend's kernels take at most 8 dimensions, got 9");
    }

    @Test
    void rowMajorOperandsMapToCublasTransposesOrToACopy() {
        // [4, 6] row-major: cuBLAS reads it as its 6x4 transpose, no op, leading dimension 6 (or the padded row).
        assertThat(CudaBackend.Layout.of(4, 6, 6, 1)).isEqualTo(new CudaBackend.Layout(Cublas.OP_N, 6));
        assertThat(CudaBackend.Layout.of(4, 6, 8, 1)).isEqualTo(new CudaBackend.Layout(Cublas.OP_N, 8));
        // its transpose view (strides 1, 4): column-major as stored, so cuBLAS transposes it.
        assertThat(CudaBackend.Layout.of(6, 4, 1, 6)).isEqualTo(new CudaBackend.Layout(Cublas.OP_T, 6));
        // vectors take any stride in their size-1 dimension
        assertThat(CudaBackend.Layout.of(1, 5, 99, 1)).isEqualTo(new CudaBackend.Layout(Cublas.OP_N, 5));
        assertThat(CudaBackend.Layout.of(5, 1, 3, 7)).isEqualTo(new CudaBackend.Layout(Cublas.OP_N, 3));
        // strided both ways, overlapping rows, or broadcast rows: copied first
        assertThat(CudaBackend.Layout.of(4, 6, 12, 2)).isNull();
        assertThat(CudaBackend.Layout.of(4, 6, 3, 1)).isNull();
        assertThat(CudaBackend.Layout.of(4, 6, 0, 1)).isNull();
    }
}
