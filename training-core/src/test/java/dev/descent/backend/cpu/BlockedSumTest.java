package dev.descent.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockedSumTest {

    @Test
    void parallelSumIsBitForBitTheSequentialOne() {
        Random r = new Random(5);
        float[] x = new float[3_000_017];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2 - 0.7f;
        // The sequential path is what one thread computes; the parallel one must not depend on the split.
        assertThat(BlockedSum.sumParallel(x, 3, x.length - 3, false))
                .isEqualTo(BlockedSum.sum(x, 3, x.length - 3, 1, false));
        assertThat(BlockedSum.sumParallel(x, 0, x.length, true)).isEqualTo(BlockedSum.sum(x, 0, x.length, 1, true));
    }

    @Test
    void emptyAndShortRows() {
        float[] x = {1, 2, 3, 4, 5};
        assertThat(BlockedSum.sum(x, 0, 0, 1, false)).isZero();
        assertThat(BlockedSum.sum(x, 1, 2, 2, false)).isEqualTo(6f);
        assertThat(BlockedSum.sum(x, 0, 5, 1, true)).isEqualTo(55f);
    }
}
