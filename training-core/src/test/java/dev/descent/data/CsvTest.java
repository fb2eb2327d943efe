package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.backend.DType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvTest {

    private static TensorDataset read(String text, int... sampleShape) {
        return Csv.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "data.csv", sampleShape);
    }

    @Test
    void labelFirstThenFeatures() {
        TensorDataset ds = read("3,0,128,255\n1,1.5,-2,1e3\n");
        assertThat(ds.size()).isEqualTo(2);
        assertThat(ds.features().sizes()).containsExactly(2, 3);
        assertThat(ds.features().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(ds.features().toFloatArray()).containsExactly(0, 128, 255, 1.5f, -2, 1000);
        assertThat(ds.targets().dtype()).isEqualTo(DType.INT64);
        assertThat(ds.targets().toLongArray()).containsExactly(3, 1);
    }

    @Test
    void aHeaderLineIsDetectedAndSkipped() {
        TensorDataset ds = read("label,pixel0,pixel1\n4,10,20\n");
        assertThat(ds.size()).isEqualTo(1);
        assertThat(ds.features().toFloatArray()).containsExactly(10, 20);
        assertThat(ds.targets().toLongArray()).containsExactly(4);
    }

    @Test
    void toleratesCrLfBlankLinesByteOrderMarkQuotesAndSpaces() {
        TensorDataset ds = read("\uFEFF\"label\",\"a\",\"b\"\r\n\r\n 2 , \"5\" ,6\r\n\n0,7,8.25\r\n");
        assertThat(ds.targets().toLongArray()).containsExactly(2, 0);
        assertThat(ds.features().toFloatArray()).containsExactly(5, 6, 7, 8.25f);
    }

    @Test
    void integralLabelsWrittenAsDecimalsAreAccepted() {
        assertThat(read("2.0,1\n").targets().toLongArray()).containsExactly(2);
    }

    @Test
    void featuresCanBeViewedAsASampleShape() {
        TensorDataset ds = read("1,1,2,3,4\n0,5,6,7,8\n", 1, 2, 2);
        assertThat(ds.features().sizes()).containsExactly(2, 1, 2, 2);
        assertThat(ds.features().select(0, 1).toFloatArray()).containsExactly(5, 6, 7, 8);
        assertThatThrownBy(() -> read("1,1,2,3\n", 2, 2))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("data.csv: rows have 3 features, which do not fit the sample shape [2, 2] (4 values)");
    }

    @RepeatedTest(25)
    void randomTablesReadBackExactly(RepetitionInfo rep) {
        Random rnd = new Random(rep.getCurrentRepetition());
        int rows = 1 + rnd.nextInt(40), width = 1 + rnd.nextInt(12);
        long[] labels = new long[rows];
        float[] features = new float[rows * width];
        StringBuilder csv = new StringBuilder(rnd.nextBoolean() ? "label" + ",f".repeat(width) + "\n" : "");
        for (int r = 0; r < rows; r++) {
            labels[r] = rnd.nextInt(10);
            csv.append(labels[r]);
            for (int c = 0; c < width; c++) {
                float v = rnd.nextBoolean() ? rnd.nextInt(256) : (float) rnd.nextGaussian() * 100;
                features[r * width + c] = v;
                csv.append(',').append(v == Math.rint(v) ? String.valueOf((int) v) : String.valueOf(v));
            }
            csv.append(rnd.nextInt(4) == 0 ? "\r\n" : "\n");
        }
        TensorDataset ds = read(csv.toString());
        assertThat(ds.targets().toLongArray()).containsExactly(labels);
        assertThat(ds.features().toFloatArray()).containsExactly(features);
        assertThat(ds.features().sizes()).containsExactly(rows, width);
    }

    @Test
    void aNonNumericCellNamesTheFileLineAndColumn() {
        assertThatThrownBy(() -> read("label,a,b\n1,2,3\n4,5,oops\n"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("data.csv: line 3, column 3: 'oops' is not a number (expected a numeric feature)");
    }

    @Test
    void aNonNumericLabelAfterTheFirstLineIsAnError() {
        assertThatThrownBy(() -> read("1,2\ncat,3\n"))
                .hasMessage("data.csv: line 2, column 1: 'cat' is not a number (expected a numeric label)");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "-1,5|the label '-1' must be a whole number >= 0 (a class index)",
                "2.5,5|the label '2.5' must be a whole number >= 0 (a class index)",
                "1,NaN|'NaN' is not a finite number (expected a numeric feature)",
                "1,|empty cell: expected a numeric feature"
            })
    void badValuesOnTheSecondLine(String row, String problem) {
        int column = problem.contains("label") ? 1 : 2;
        assertThatThrownBy(() -> read("0,1\n" + row + "\n"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("data.csv: line 2, column " + column + ": " + problem);
    }

    @Test
    void aShortRowNamesTheFirstMissingColumn() {
        assertThatThrownBy(() -> read("1,2,3,4\n5,6,7\n"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(
                        "data.csv: line 2, column 4: expected 4 columns (a label, then 3 features, as in line 1), found 3");
    }

    @Test
    void aLongRowNamesTheFirstExtraColumn() {
        assertThatThrownBy(() -> read("label,x\n1,2\n3,4,5,6\n"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(
                        "data.csv: line 3, column 3: expected 2 columns (a label, then 1 features, as in the header on line 1), found 4");
    }

    @Test
    void emptyFilesAndHeaderOnlyFiles() {
        assertThatThrownBy(() -> read(""))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(
                        "data.csv: line 1, column 1: empty file: expected rows of label,feature,feature,... (optionally after a header line)");
        assertThatThrownBy(() -> read("\n  \n")).hasMessageStartingWith("data.csv: line 2, column 1: empty file");
        assertThatThrownBy(() -> read("label,a,b\n"))
                .hasMessage(
                        "data.csv: line 2, column 1: no data rows after the header line: expected rows of label,feature,feature,...");
    }

    @Test
    void aSingleColumnIsNotEnough() {
        assertThatThrownBy(() -> read("1\n2\n"))
                .hasMessage(
                        "data.csv: line 1, column 1: expected at least 2 columns (a label, then features), found 1");
    }

    @Test
    void readsFilesByPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("train.csv");
        Files.writeString(file, "label,a\n1,2\n");
        assertThat(Csv.read(file).targets().toLongArray()).containsExactly(1);
        Files.writeString(file, "label,a\n1,x\n");
        assertThatThrownBy(() -> Csv.read(file))
                .hasMessage(file + ": line 2, column 2: 'x' is not a number (expected a numeric feature)");
    }
}
