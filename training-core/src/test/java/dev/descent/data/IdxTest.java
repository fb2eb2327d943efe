package dev.descent.data;

import static dev.descent.testing.IdxFiles.bytes;
import static dev.descent.testing.IdxFiles.concat;
import static dev.descent.testing.IdxFiles.gzip;
import static dev.descent.testing.IdxFiles.header;
import static dev.descent.testing.IdxFiles.idx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.data.Idx.IdxArray;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxTest {

    private static IdxArray read(byte[] file, String name) {
        return Idx.read(new ByteArrayInputStream(file), name);
    }

    @RepeatedTest(40)
    void rawAndGzipFilesOfRandomShapesReadBackExactly(RepetitionInfo rep) {
        Random rnd = new Random(rep.getCurrentRepetition());
        int[] shape = new int[1 + rnd.nextInt(4)];
        for (int i = 0; i < shape.length; i++) shape[i] = rnd.nextInt(6);
        byte[] data = bytes(Arrays.stream(shape).reduce(1, (a, b) -> a * b), rep.getCurrentRepetition());
        byte[] file = idx(shape, data);

        for (byte[] stored : new byte[][] {file, gzip(file)}) {
            IdxArray a = read(stored, "random.idx");
            assertThat(a.shape()).containsExactly(shape);
            assertThat(a.data()).isEqualTo(data);
        }
    }

    @Test
    void valuesAreUnsignedBytes() {
        IdxArray a = read(idx(new int[] {3}, new byte[] {0, (byte) 200, (byte) 255}), "labels");
        assertThat(a.unsigned(1)).isEqualTo(200);
        assertThat(a.unsigned(2)).isEqualTo(255);
        assertThat(a.count()).isEqualTo(3);
    }

    @Test
    void truncatedImageDataNamesTheFileTheExpectedAndFoundSizesAndTheOffset() {
        byte[] file = concat(header(0x08, 60000, 28, 28), new byte[1000]);
        assertThatThrownBy(() -> read(file, "train-images-idx3-ubyte"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("train-images-idx3-ubyte: expected 47040000 bytes of image data, found 1000 at offset 16")
                .extracting(e -> ((DataFormatException) e).file())
                .isEqualTo("train-images-idx3-ubyte");
    }

    @Test
    void truncatedLabelDataInAGzipFileCountsDecompressedBytes() {
        byte[] file = gzip(concat(header(0x08, 100), new byte[40]));
        assertThatThrownBy(() -> read(file, "labels.gz"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("labels.gz: expected 100 bytes of label data, found 40 at offset 8");
    }

    @Test
    void wrongMagicNumberIsReported() {
        byte[] zip = {'P', 'K', 3, 4, 0, 0, 0, 0};
        assertThatThrownBy(() -> read(zip, "images.zip"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("images.zip: wrong magic number 0x504B0304: expected an IDX file")
                .hasMessageEndingWith("at offset 0");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x09, 0x0B, 0x0C, 0x0D, 0x0E, 0x42})
    void typeCodesOtherThanUnsignedByteAreRejected(int type) {
        byte[] file = concat(header(type, 2), new byte[8]);
        assertThatThrownBy(() -> read(file, "floats.idx"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(String.format("floats.idx: unsupported IDX type code 0x%02X", type))
                .hasMessageContaining("expected 0x08 (unsigned byte)")
                .hasMessageEndingWith("at offset 2");
    }

    @Test
    void typeNameIsGivenForKnownCodes() {
        assertThatThrownBy(() -> read(concat(header(0x0D, 1), new byte[4]), "f.idx"))
                .hasMessageContaining("0x0D (float32)");
    }

    @Test
    void emptyFile() {
        assertThatThrownBy(() -> read(new byte[0], "empty.idx"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("empty.idx: empty file: expected the 4-byte magic number of an IDX header at offset 0");
    }

    @Test
    void truncatedMagicNumber() {
        assertThatThrownBy(() -> read(new byte[] {0, 0}, "short.idx"))
                .hasMessage("short.idx: truncated header: expected 4 bytes of the magic number, found 2 at offset 0");
    }

    @Test
    void truncatedDimensionSizes() {
        byte[] file = Arrays.copyOf(header(0x08, 60000, 28, 28), 10);
        assertThatThrownBy(() -> read(file, "cut.idx"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(
                        "cut.idx: truncated header: expected 4 bytes of the size of dimension 1 of 3, found 2 at offset 8");
    }

    @Test
    void zeroDimensionsAreRejected() {
        assertThatThrownBy(() -> read(new byte[] {0, 0, 8, 0}, "scalar.idx"))
                .hasMessage("scalar.idx: expected at least one dimension, found 0 at offset 3");
    }

    @Test
    void sizesBeyondWhatAnArrayHoldsAreRejected() {
        byte[] file = header(0x08, 65536, 65536);
        assertThatThrownBy(() -> read(file, "huge.idx"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("dimension 1 has size 65536")
                .hasMessageEndingWith("at offset 8");
        byte[] negative = header(0x08, -1);
        assertThatThrownBy(() -> read(negative, "neg.idx")).hasMessageContaining("dimension 0 has size 4294967295");
    }

    @Test
    void trailingBytesAfterTheDataAreRejected() {
        byte[] file = concat(idx(new int[] {2, 2}, new byte[4]), new byte[] {7});
        assertThatThrownBy(() -> read(file, "long.idx"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(
                        "long.idx: expected the end of the file after 4 bytes of data for shape [2, 2], found more bytes at offset 16");
    }

    @Test
    void truncatedGzipStreamIsAFormatErrorNotAnIoError() {
        byte[] whole = gzip(idx(new int[] {50, 20, 20}, bytes(20000, 3)));
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        assertThatThrownBy(() -> read(cut, "cut.gz"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("cut.gz: the gzip stream is truncated or corrupt")
                .hasMessageContaining("while reading image data at offset")
                .hasMessageContaining("of the decompressed data");
    }

    @Test
    void damagedGzipHeader() {
        byte[] file = {(byte) 0x1f, (byte) 0x8b, 1, 2};
        assertThatThrownBy(() -> read(file, "bad.gz"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("bad.gz: starts like gzip (1f 8b) but its gzip header is damaged");
    }

    @Test
    void corruptDeflateDataIsAFormatError() {
        byte[] file = gzip(idx(new int[] {64}, bytes(64, 5)));
        for (int i = 10; i < file.length - 8; i++) file[i] ^= (byte) 0x5A;
        assertThatThrownBy(() -> read(file, "garbled.gz"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("garbled.gz: ");
    }

    @Test
    void idxArrayValidatesItsShape() {
        assertThatThrownBy(() -> new IdxArray(new int[] {2, 3}, new byte[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("IDX shape [2, 3] holds 6 elements but the data has 5");
        assertThatThrownBy(() -> new IdxArray(new int[0], new byte[0])).hasMessageContaining("at least one dimension");
    }
}
