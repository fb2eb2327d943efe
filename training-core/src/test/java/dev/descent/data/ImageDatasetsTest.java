package dev.descent.data;

import static dev.descent.testing.IdxFiles.bytes;
import static dev.descent.testing.IdxFiles.concat;
import static dev.descent.testing.IdxFiles.gzip;
import static dev.descent.testing.IdxFiles.header;
import static dev.descent.testing.IdxFiles.idx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.backend.DType;
import dev.descent.data.Idx.IdxArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDatasetsTest {

    @TempDir
    Path dir;

    @Test
    void imagesBecomeFloatChannelsScaledToOneAndLabelsInt64() {
        byte[] pixels = {0, 51, (byte) 255, (byte) 128, 1, 2, 3, 4};
        IdxArray images = new IdxArray(new int[] {2, 2, 2}, pixels);
        IdxArray labels = new IdxArray(new int[] {2}, new byte[] {7, (byte) 200});

        TensorDataset ds = ImageDatasets.fromIdx(images, labels, "tiny");

        assertThat(ds.features().sizes()).containsExactly(2, 1, 2, 2);
        assertThat(ds.features().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(ds.targets().sizes()).containsExactly(2);
        assertThat(ds.targets().dtype()).isEqualTo(DType.INT64);
        float[] x = ds.features().toFloatArray();
        assertThat(x[0]).isZero();
        assertThat(x[1]).isCloseTo(0.2f, within(1e-7f));
        assertThat(x[2]).isEqualTo(1f);
        assertThat(x[3]).isEqualTo(128 / 255f);
        assertThat(ds.targets().toLongArray()).containsExactly(7, 200);
    }

    @Test
    void fourDimensionalImagesKeepTheirChannels() {
        IdxArray images = new IdxArray(new int[] {2, 3, 2, 2}, new byte[24]);
        IdxArray labels = new IdxArray(new int[] {2}, new byte[2]);
        assertThat(ImageDatasets.fromIdx(images, labels, "rgb").features().sizes())
                .containsExactly(2, 3, 2, 2);
    }

    @Test
    void imageAndLabelCountsMustAgree() {
        IdxArray images = new IdxArray(new int[] {3, 2, 2}, new byte[12]);
        IdxArray labels = new IdxArray(new int[] {2}, new byte[2]);
        assertThatThrownBy(() -> ImageDatasets.fromIdx(images, labels, "mixed"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("mixed: 3 images but 2 labels: the image and label files do not belong together");
    }

    @Test
    void swappedImageAndLabelFilesGetAShapeError() {
        IdxArray images = new IdxArray(new int[] {3, 2, 2}, new byte[12]);
        IdxArray labels = new IdxArray(new int[] {3}, new byte[3]);
        assertThatThrownBy(() -> ImageDatasets.fromIdx(labels, images, "swapped"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(
                        "swapped: images must have shape [n, height, width] or [n, channels, height, width], got [3]");
        assertThatThrownBy(() -> ImageDatasets.fromIdx(images, images, "twice"))
                .hasMessage("twice: labels must have shape [n], got [3, 2, 2]");
    }

    @Test
    void loadsADirectoryOfGzipAndRawFilesUnderEitherNaming() throws IOException {
        write("train-images-idx3-ubyte.gz", gzip(idx(new int[] {3, 2, 2}, bytes(12, 1))));
        write("train-labels-idx1-ubyte", idx(new int[] {3}, new byte[] {1, 2, 3}));
        write("t10k-images.idx3-ubyte", idx(new int[] {2, 2, 2}, bytes(8, 2)));
        write("t10k-labels.idx1-ubyte.gz", gzip(idx(new int[] {2}, new byte[] {4, 5})));

        DataSplits splits = ImageDatasets.loadIdxDirectory(dir);

        assertThat(splits.name()).isEqualTo(dir.getFileName().toString());
        assertThat(splits.train().size()).isEqualTo(3);
        assertThat(splits.test().size()).isEqualTo(2);
        assertThat(((TensorDataset) splits.test()).targets().toLongArray()).containsExactly(4, 5);
        float expected = (bytes(12, 1)[5] & 0xFF) / 255f;
        assertThat(((TensorDataset) splits.train()).features().toFloatArray()[5])
                .isEqualTo(expected);
    }

    @Test
    void missingFilesAreListedWithWhereItLooked() throws IOException {
        write("train-images-idx3-ubyte.gz", gzip(idx(new int[] {1, 1, 1}, new byte[1])));
        assertThatThrownBy(() -> ImageDatasets.loadIdxDirectory(dir, "mine", "copy them from your MNIST download"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the IDX directory " + dir
                        + " lacks train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte")
                .hasMessageContaining("looked for each of train-images-idx3-ubyte, train-labels-idx1-ubyte")
                .hasMessageContaining("as NAME.gz, NAME")
                .hasMessageEndingWith("; copy them from your MNIST download");
    }

    @Test
    void aMissingDirectoryIsSaidToBeMissing() {
        Path nowhere = dir.resolve("nowhere");
        assertThatThrownBy(() -> ImageDatasets.loadIdxDirectory(nowhere))
                .hasMessageStartingWith("the IDX directory " + nowhere + " does not exist");
    }

    @Test
    void aBrokenFileInTheDirectoryIsNamedByItsPath() throws IOException {
        write("train-images-idx3-ubyte.gz", gzip(concat(header(0x08, 10, 28, 28), new byte[100])));
        write("train-labels-idx1-ubyte.gz", gzip(idx(new int[] {10}, new byte[10])));
        write("t10k-images-idx3-ubyte.gz", gzip(idx(new int[] {1, 28, 28}, new byte[784])));
        write("t10k-labels-idx1-ubyte.gz", gzip(idx(new int[] {1}, new byte[1])));
        assertThatThrownBy(() -> ImageDatasets.loadIdxDirectory(dir))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("train-images-idx3-ubyte.gz")
                        + ": expected 7840 bytes of image data, found 100 at offset 16");
    }

    private void write(String name, byte[] content) throws IOException {
        Files.write(dir.resolve(name), content);
    }
}
