package dev.descent.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The view kernels make for themselves, without a tensor: geometry checks and kernels running on it. */
class StridedViewTest {
    private final Backend cpu = Backends.forDevice("cpu");

    @Test
    void aContiguousViewHasRowMajorStrides() {
        StridedView v = StridedView.contiguous(cpu.allocate(DType.FLOAT32, 24), new int[] {2, 3, 4});
        assertThat(v.strides()).containsExactly(12, 4, 1);
        assertThat(v.numel()).isEqualTo(24);
        assertThat(v.size(-1)).isEqualTo(4);
        assertThat(v.isContiguous()).isTrue();
        assertThat(v.dtype()).isEqualTo(DType.FLOAT32);
    }

    @Test
    void aViewThatReachesOutsideItsStorageIsRefused() {
        Storage six = cpu.allocate(DType.FLOAT32, 6);
        assertThatThrownBy(() -> StridedView.of(six, new int[] {2, 3}, new int[] {3, 1}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reach outside a storage of 6 elements");
        assertThatThrownBy(() -> StridedView.of(six, new int[] {2, 3}, new int[] {1}, 0))
                .hasMessageContaining("2 sizes but 1 strides");
        assertThat(StridedView.of(six, new int[] {0, 3}, new int[] {3, 1}, 6).numel())
                .isZero();
    }

    @Test
    void kernelsReadAndWritePlainViews() {
        Storage src = cpu.fromHost(DType.FLOAT32, new float[] {1, 2, 3, 4, 5, 6});
        StridedView transposed = StridedView.of(src, new int[] {3, 2}, new int[] {1, 3}, 0);
        assertThat(transposed.isContiguous()).isFalse();
        float[] host = new float[6];
        cpu.toHost(transposed, host);
        assertThat(host).containsExactly(1, 4, 2, 5, 3, 6);

        StridedView out = StridedView.contiguous(cpu.allocate(DType.FLOAT32, 6), new int[] {3, 2});
        cpu.binary(BinaryOp.MUL, transposed, transposed, out, 0);
        cpu.toHost(out, host);
        assertThat(host).containsExactly(1, 16, 4, 25, 9, 36);
    }
}
