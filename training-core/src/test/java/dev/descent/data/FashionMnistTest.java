package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.backend.DType;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Fashion-MNIST files from the Debian package dataset-fashion-mnist. The expected values (first labels, pixel
 * values, pixel sums) were read from the files with an independent script.
 */
class FashionMnistTest {
    private static TensorDataset train;
    private static TensorDataset test;

    @BeforeAll
    static void load() {
        assumeTrue(
                Files.isDirectory(ImageDatasets.FASHION_MNIST_DIR),
                "Fashion-MNIST is not installed: apt-get install dataset-fashion-mnist");
        DataSplits splits = Datasets.resolve("fashion-mnist");
        assertThat(splits.name()).isEqualTo("fashion-mnist");
        train = (TensorDataset) splits.train();
        test = (TensorDataset) splits.test();
    }

    @Test
    void countsAndShapes() {
        assertThat(train.size()).isEqualTo(60000);
        assertThat(test.size()).isEqualTo(10000);
        assertThat(train.features().sizes()).containsExactly(60000, 1, 28, 28);
        assertThat(test.features().sizes()).containsExactly(10000, 1, 28, 28);
        assertThat(train.features().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(train.targets().sizes()).containsExactly(60000);
        assertThat(train.targets().dtype()).isEqualTo(DType.INT64);
    }

    @Test
    void labelsAreTenBalancedClasses() {
        assertThat(classCounts(train.targets().toLongArray())).containsOnly(6000);
        assertThat(classCounts(test.targets().toLongArray())).containsOnly(1000);
        assertThat(Arrays.copyOf(train.targets().toLongArray(), 10)).containsExactly(9, 0, 0, 3, 0, 2, 7, 2, 5, 5);
        assertThat(Arrays.copyOf(test.targets().toLongArray(), 10)).containsExactly(9, 2, 1, 1, 6, 1, 4, 6, 5, 7);
    }

    @Test
    void firstPixelsAreTheFileBytesOver255() {
        float[] first = train.get(0).features().toFloatArray();
        assertThat(first).hasSize(784);
        assertThat(first[0]).isZero();
        assertThat(first[96]).isEqualTo(1 / 255f);
        assertThat(first[99]).isEqualTo(13 / 255f);
        assertThat(first[100]).isEqualTo(73 / 255f);
        assertThat(byteSum(first)).isEqualTo(76247);
        assertThat(byteSum(train.get(59999).features().toFloatArray())).isEqualTo(16684);
        assertThat(byteSum(test.get(0).features().toFloatArray())).isEqualTo(33456);
    }

    @Test
    void everyPixelIsInTheUnitInterval() {
        float[] all = train.features().toFloatArray();
        float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
        for (float v : all) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertThat(lo).isZero();
        assertThat(hi).isEqualTo(1f);
    }

    @Test
    void aShuffledBatchIsTheRowsItNames() {
        DataLoader loader = new DataLoader(train, 128, true, 7);
        try (var it = loader.iterator(0, 0)) {
            Batch b = it.next();
            int[] order = loader.order(0);
            assertThat(b.features().sizes()).containsExactly(128, 1, 28, 28);
            assertThat(b.targets().toLongArray()[5])
                    .isEqualTo(train.get(order[5]).target().itemLong());
            assertThat(b.features().select(0, 127).toFloatArray())
                    .containsExactly(train.get(order[127]).features().toFloatArray());
        }
    }

    private static int[] classCounts(long[] labels) {
        int[] counts = new int[10];
        for (long l : labels) counts[(int) l]++;
        return counts;
    }

    /** The sum of the original bytes, recovered exactly from the scaled floats. */
    private static long byteSum(float[] pixels) {
        long sum = 0;
        for (float p : pixels) sum += Math.round(p * 255);
        return sum;
    }
}
