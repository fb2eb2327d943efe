package dev.descent.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.backend.DType;
import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/** indexSelect on row-major operands copies whole runs; it must agree with the general strided path. */
class IndexSelectRunsTest {
    private static final DType[] TYPES = {
        DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT32, DType.UINT8, DType.BOOL
    };

    @RepeatedTest(40)
    void contiguousOperandsGiveWhatTheStridedPathGives(RepetitionInfo rep) {
        Random rnd = new Random(rep.getCurrentRepetition());
        int rank = 1 + rnd.nextInt(4);
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) shape[d] = 1 + rnd.nextInt(5);
        shape[0] += 2;
        DType type = TYPES[rnd.nextInt(TYPES.length)];
        // A narrowed view is contiguous but starts at an offset into its storage.
        Tensor x = Tensor.randint(new Generator(rnd.nextLong()), 0, 2, shape)
                .to(type)
                .narrow(0, 1, shape[0] - 1);
        int dim = rnd.nextInt(rank);
        long[] idx = rnd.longs(rnd.nextInt(7), 0, x.size(dim)).toArray();
        Tensor index = Tensor.fromArray(idx);
        // The same values with every stride doubled, which sends indexSelect down the general path.
        int[] pairs = java.util.Arrays.copyOf(x.sizes(), rank + 1);
        pairs[rank] = 2;
        Tensor strided = x.unsqueeze(-1).expand(pairs).contiguous().select(-1, 0);

        assertThat(x.isContiguous()).isTrue();
        assertThat(strided.isContiguous()).isFalse();
        Tensor fast = x.indexSelect(dim, index), general = strided.indexSelect(dim, index);

        assertThat(fast.sizes()).containsExactly(general.sizes());
        assertThat(fast.toDoubleArray()).containsExactly(general.toDoubleArray());
        for (int i = 0; i < idx.length; i++) {
            assertThat(fast.select(dim, i).toDoubleArray())
                    .containsExactly(x.select(dim, (int) idx[i]).toDoubleArray());
        }
    }
}
