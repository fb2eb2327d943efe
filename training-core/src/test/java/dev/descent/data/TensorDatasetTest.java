package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.backend.DType;
import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class TensorDatasetTest {

    private static TensorDataset sample(int n) {
        Tensor x = Tensor.arange(0, n * 6L, 1).to(DType.FLOAT32).reshape(n, 2, 3);
        Tensor y = Tensor.arange(100, 100 + n, 1);
        return new TensorDataset(x, y);
    }

    @Test
    void firstDimensionsMustAgree() {
        assertThatThrownBy(() -> new TensorDataset(Tensor.zeros(5, 3), Tensor.zeros(DType.INT64, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features have 5 examples (shape [5, 3]) but targets have 4 (shape [4])");
        assertThatThrownBy(() -> new TensorDataset(Tensor.scalar(1), Tensor.zeros(1)))
                .hasMessageContaining("need a first dimension");
    }

    @Test
    void getIsOneRowOfEach() {
        TensorDataset ds = sample(4);
        Example e = ds.get(2);
        assertThat(e.features().sizes()).containsExactly(2, 3);
        assertThat(e.features().toFloatArray()).containsExactly(12, 13, 14, 15, 16, 17);
        assertThat(e.target().itemLong()).isEqualTo(102);
    }

    @RepeatedTest(20)
    void aBatchEqualsTheStackedExamples(RepetitionInfo rep) {
        Random rnd = new Random(rep.getCurrentRepetition());
        TensorDataset ds = sample(1 + rnd.nextInt(30));
        int[] idx = rnd.ints(1 + rnd.nextInt(10), 0, ds.size()).toArray();

        Batch fast = ds.batch(idx);
        Dataset perExample = new Dataset() {
            @Override
            public int size() {
                return ds.size();
            }

            @Override
            public Example get(int i) {
                return ds.get(i);
            }
        };
        Batch slow = perExample.batch(idx);

        assertThat(fast.size()).isEqualTo(idx.length);
        assertThat(fast.features().sizes()).containsExactly(slow.features().sizes());
        assertThat(fast.features().toFloatArray())
                .containsExactly(slow.features().toFloatArray());
        assertThat(fast.targets().toLongArray()).containsExactly(slow.targets().toLongArray());
    }

    @Test
    void outOfRangeIndicesAreNamed() {
        TensorDataset ds = sample(3);
        assertThatThrownBy(() -> ds.batch(new int[] {0, 3}))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("example index 3 is out of range for a dataset of 3 examples");
        assertThatThrownBy(() -> ds.get(-1)).hasMessage("example index -1 is out of range for a dataset of 3 examples");
    }

    @Test
    void subsetCopiesTheNamedRows() {
        TensorDataset sub = sample(5).subset(new int[] {4, 1});
        assertThat(sub.size()).isEqualTo(2);
        assertThat(sub.targets().toLongArray()).containsExactly(104, 101);
        assertThat(sub.features().select(0, 1).toFloatArray()).containsExactly(6, 7, 8, 9, 10, 11);
    }

    @Test
    void samplesCanBeReshaped() {
        TensorDataset flat = new TensorDataset(Tensor.zeros(4, 784), Tensor.zeros(DType.INT64, 4));
        assertThat(flat.withSampleShape(1, 28, 28).features().sizes()).containsExactly(4, 1, 28, 28);
        assertThatThrownBy(() -> flat.withSampleShape(3, 28, 28))
                .hasMessage("cannot view samples of shape [784] (784 values) as [3, 28, 28] (2352 values)");
    }

    @Test
    void normalisationUsesTheGivenStatistics() {
        TensorDataset ds =
                new TensorDataset(Tensor.randn(new Generator(3), 500, 4).mul(3).add(2), Tensor.zeros(DType.INT64, 500));
        double[] ms = ds.featureMeanStd();
        assertThat(ms[0]).isCloseTo(2, within(0.3));
        assertThat(ms[1]).isCloseTo(3, within(0.3));
        double[] after = ds.normalized(ms[0], ms[1]).featureMeanStd();
        assertThat(after[0]).isCloseTo(0, within(1e-5));
        assertThat(after[1]).isCloseTo(1, within(1e-5));
        assertThatThrownBy(() -> ds.normalized(0, 0)).hasMessage("std must be > 0, got 0.0");
    }

    @Test
    void dataIsCutFromAnyGraph() {
        Tensor x = Tensor.ones(3, 2).requiresGrad_();
        TensorDataset ds = new TensorDataset(x.mul(2), Tensor.zeros(3));
        assertThat(ds.features().requiresGrad()).isFalse();
        assertThat(ds.batch(new int[] {0, 2}).features().requiresGrad()).isFalse();
    }

    /** Every byte value, twice over, as [256, 2] uint8 rows. */
    private static TensorDataset everyByte() {
        byte[] b = new byte[512];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (i / 2);
        return TensorDataset.scaled(Tensor.fromBytes(b, DType.UINT8, 256, 2), 255, Tensor.arange(256));
    }

    @Test
    void scaledBytesReadAsTheFloatsAWholeSetConversionGives() {
        TensorDataset ds = everyByte();
        int[] all = new int[256];
        for (int i = 0; i < 256; i++) all[i] = 255 - i;
        Batch batch = ds.batch(all);
        assertThat(batch.features().dtype()).isEqualTo(DType.FLOAT32);
        float[] x = batch.features().toFloatArray();
        for (int i = 0; i < 256; i++) {
            // The table ImageDatasets used before it kept bytes: v / 255f.
            assertThat(Float.floatToRawIntBits(x[2 * i])).isEqualTo(Float.floatToRawIntBits((255 - i) / 255f));
        }
        assertThat(ds.get(7).features().toFloatArray()).containsExactly(7 / 255f, 7 / 255f);
        assertThat(ds.features().toFloatArray()[511]).isEqualTo(1f);
    }

    @Test
    void scaledSetsStayCompactThroughSubsetsShapesAndBackends() {
        TensorDataset sub = everyByte().subset(new int[] {3, 200}).withSampleShape(1, 1, 2);
        assertThat(sub.sampleShape()).containsExactly(1, 1, 2);
        assertThat(sub.toString()).contains("float32 (uint8 / 255.0)");
        assertThat(sub.batch(new int[] {1}).features().toFloatArray()).containsExactly(200 / 255f, 200 / 255f);
        assertThat(sub.normalized(0, 2).features().toFloatArray()[0]).isEqualTo(3 / 255f / 2);
    }

    @Test
    void scaledFeaturesMustBeIntegersWithAPositiveDivisor() {
        assertThatThrownBy(() -> TensorDataset.scaled(Tensor.zeros(2, 2), 255, Tensor.zeros(2)))
                .hasMessage("scaled features must be stored as integers, got float32");
        Tensor bytes = Tensor.fromBytes(new byte[4], DType.UINT8, 2, 2);
        assertThatThrownBy(() -> TensorDataset.scaled(bytes, 0, Tensor.zeros(2)))
                .hasMessage("the features' divisor must be a positive number, got 0.0");
        assertThatThrownBy(() -> TensorDataset.scaled(bytes, Double.NaN, Tensor.zeros(2)))
                .hasMessageContaining("got NaN");
    }
}
