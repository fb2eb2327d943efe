package dev.descent.data;

import static dev.descent.testing.IdxFiles.gzip;
import static dev.descent.testing.IdxFiles.idx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"spirals", "moons", "blobs", "xor", "parabola", "sine"})
    void syntheticSourcesSplitTheSameWayEveryTime(String name) {
        DataSplits a = Datasets.resolve("synthetic:" + name),
                b = Datasets.resolve(" synthetic:" + name.toUpperCase(Locale.ROOT) + " ");
        assertThat(a.name()).isEqualTo("synthetic:" + name);
        assertThat(a.train().size()).isEqualTo(Datasets.SYNTHETIC_TRAIN);
        assertThat(a.test().size()).isEqualTo(Datasets.SYNTHETIC_SIZE - Datasets.SYNTHETIC_TRAIN);
        assertThat(((TensorDataset) a.train()).features().toFloatArray())
                .containsExactly(((TensorDataset) b.train()).features().toFloatArray());
        assertThat(((TensorDataset) a.test()).targets().toDoubleArray())
                .containsExactly(((TensorDataset) b.test()).targets().toDoubleArray());
    }

    @Test
    void theParabolaSourceIsARegressionSet() {
        TensorDataset train =
                (TensorDataset) Datasets.resolve("synthetic:parabola").train();
        assertThat(train.features().sizes()).containsExactly(1000, 1);
        assertThat(train.targets().sizes()).containsExactly(1000, 1);
        assertThat(train.targets().dtype()).isEqualTo(DType.FLOAT32);
    }

    @Test
    void idxSourcesReadADirectory() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idx(new int[] {2, 2, 2}, new byte[8])));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(idx(new int[] {2}, new byte[] {1, 0})));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(idx(new int[] {1, 2, 2}, new byte[4])));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(idx(new int[] {1}, new byte[] {1})));
        DataSplits s = Datasets.resolve("idx:" + dir);
        assertThat(s.train().size()).isEqualTo(2);
        assertThat(s.test().size()).isEqualTo(1);
    }

    @Test
    void csvSourcesWithAndWithoutATestFile() throws IOException {
        Path train = dir.resolve("train.csv"), test = dir.resolve("test.csv");
        Files.writeString(train, "label,a,b\n1,2,3\n0,4,5\n");
        Files.writeString(test, "label,a,b\n1,6,7\n");

        DataSplits only = Datasets.resolve("csv:" + train);
        assertThat(only.name()).isEqualTo("train.csv");
        assertThat(only.train().size()).isEqualTo(2);
        assertThat(only.test()).isNull();

        DataSplits both = Datasets.resolve("csv:" + train + "," + test);
        assertThat(((TensorDataset) both.test()).features().toFloatArray()).containsExactly(6, 7);
        assertThatThrownBy(() -> Datasets.resolve("csv:" + train + ","))
                .hasMessageEndingWith("must be csv:FILE or csv:TRAIN,TEST");
    }

    @Test
    void mnistWhenAbsentAndOfflineSaysWhereToPutIt() {
        assumeFalse(Files.exists(Datasets.MNIST_DIR), "an MNIST directory is installed here");
        // The build runs tests with downloads off, so the standard downloader answers as it would offline.
        assertThatThrownBy(() -> Datasets.resolve("mnist"))
                .hasMessageStartingWith("mnist is not installed here (not in /usr/share/datasets/mnist)")
                .hasMessageContaining("downloads are off")
                .hasMessageEndingWith(", or in any directory DIR and use idx:DIR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cifar10", "fashion", "idx", "csv:", "synthetic:", "fashion-mnist:extra", "", "  "})
    void unknownOrIncompleteSourcesSayWhatIsValid(String source) {
        assertThatThrownBy(() -> Datasets.resolve(source))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf(Datasets.FORMS, "needs an argument"));
    }

    @Test
    void theUnknownSourceMessageListsEveryForm() {
        assertThatThrownBy(() -> Datasets.resolve("cifar10"))
                .hasMessage(
                        "unknown dataset 'cifar10'; expected one of fashion-mnist, mnist, idx:DIR, csv:FILE, csv:TRAIN,TEST, "
                                + "synthetic:NAME (NAME one of spirals, moons, blobs, xor, parabola, sine)");
        assertThatThrownBy(() -> Datasets.resolve("synthetic:circles"))
                .hasMessage(
                        "unknown synthetic dataset 'circles'; expected one of spirals, moons, blobs, xor, parabola, sine");
    }

    @RepeatedTest(20)
    void aSplitPartitionsTheExamplesAtRandomButReproducibly(RepetitionInfo rep) {
        Random rnd = new Random(rep.getCurrentRepetition());
        int n = 1 + rnd.nextInt(300);
        double fraction = rnd.nextDouble() * 0.9;
        long seed = rnd.nextLong();
        TensorDataset ds = new TensorDataset(Tensor.zeros(n, 3), Tensor.arange(n));

        int held = (int) Math.round(fraction * n);
        if (held == n) {
            assertThatThrownBy(() -> Datasets.split(ds, fraction, seed))
                    .hasMessageContaining("leaving none to train on");
            return;
        }
        Datasets.Split split = Datasets.split(ds, fraction, seed);

        long[] train = ((TensorDataset) split.train()).targets().toLongArray();
        assertThat(train).hasSize(n - held);
        if (held == 0) {
            assertThat(split.validation()).isNull();
            return;
        }
        long[] validation = ((TensorDataset) split.validation()).targets().toLongArray();
        long[] union = LongStream.concat(Arrays.stream(train), Arrays.stream(validation))
                .sorted()
                .toArray();
        assertThat(union).containsExactly(LongStream.range(0, n).toArray());
        assertThat(train).isSorted();
        assertThat(((TensorDataset) Datasets.split(ds, fraction, seed).validation())
                        .targets()
                        .toLongArray())
                .containsExactly(validation);
    }

    @Test
    void aSplitThatHoldsOutEveryExampleIsAnErrorNamingTheFractionAndTheSize() {
        TensorDataset three = new TensorDataset(Tensor.zeros(3, 2), Tensor.arange(3));
        assertThatThrownBy(() -> Datasets.split(three, 0.9, 1))
                .hasMessage(
                        "validation split 0.9 of 3 examples holds out all 3 (round(0.9 * 3)), leaving none to train on");
        assertThat(Datasets.split(three, 0.5, 1).train().size()).isEqualTo(1);
    }

    @Test
    void aMissingCsvFileIsNamedPlainly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path missing = dir.resolve("nope.csv"),
                present = java.nio.file.Files.writeString(dir.resolve("train.csv"), "0,1.0\n1,2.0\n");
        assertThatThrownBy(() -> Datasets.resolve("csv:" + missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("csv file " + missing + " does not exist");
        assertThatThrownBy(() -> Datasets.resolve("csv:" + present + "," + dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("csv file " + dir + " is a directory");
        assertThat(Datasets.resolve("csv:" + present).train().size()).isEqualTo(2);
    }

    @Test
    void aSplitOfAnyOtherDatasetIsTwoViews() {
        Dataset perExample = new Dataset() {
            final TensorDataset inner = new TensorDataset(Tensor.zeros(10, 2), Tensor.arange(10));

            @Override
            public int size() {
                return 10;
            }

            @Override
            public Example get(int i) {
                return inner.get(i);
            }
        };
        Datasets.Split split = Datasets.split(perExample, 0.3, 1);
        assertThat(split.train()).isInstanceOf(Subset.class);
        assertThat(split.validation().size()).isEqualTo(3);
        int[] held = ((Subset) split.validation()).indices();
        assertThat(split.validation().batch(new int[] {2, 0}).targets().toLongArray())
                .containsExactly(held[2], held[0]);
        assertThat(IntStream.concat(Arrays.stream(((Subset) split.train()).indices()), Arrays.stream(held))
                        .sorted()
                        .toArray())
                .containsExactly(IntStream.range(0, 10).toArray());
        assertThatThrownBy(() -> split.validation().get(3))
                .hasMessage("example index 3 is out of range for a subset of 3 examples");
    }

    @Test
    void theFractionMustLeaveATrainingSet() {
        TensorDataset ds = new TensorDataset(Tensor.zeros(10, 2), Tensor.arange(10));
        assertThatThrownBy(() -> Datasets.split(ds, 1.0, 0))
                .hasMessage("validation fraction must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> Datasets.split(ds, -0.1, 0))
                .hasMessage("validation fraction must be in [0, 1), got -0.1");
        assertThatThrownBy(() -> new Subset(ds, new int[] {10}))
                .hasMessageStartingWith("subset index 10 (position 0) is out of range");
    }
}
