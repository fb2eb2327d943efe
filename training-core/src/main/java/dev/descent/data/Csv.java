package dev.descent.data;

import dev.descent.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads classification data in the classic {@code label,p0,p1,...} layout: one example per line, an integer class label
 * first, then numeric features. A first line whose label cell is not a number is a header and is skipped. Features
 * become float32 [n, features] (or [n, sampleShape...]) and labels int64 [n].
 */
public final class Csv {
    private Csv() {}

    public static TensorDataset read(Path file, int... sampleShape) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), sampleShape);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a whole CSV stream (UTF-8; not closed); {@code name} is used in error messages. With a {@code sampleShape}
     * (e.g. 1, 28, 28) each row's features are viewed as that shape.
     *
     * @throws DataFormatException naming the line and column of a non-numeric cell, a row of the wrong width, or an
     *     empty file
     */
    public static TensorDataset read(InputStream in, String name, int... sampleShape) {
        try {
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            return new Parser(reader, name).parse(sampleShape);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private static final class Parser {
        private final BufferedReader reader;
        private final String name;
        private long lineNo;
        private int columns = -1;
        private long firstLine;
        private boolean header;
        private float[] features = new float[1 << 16];
        private long[] labels = new long[1 << 10];
        private int rows;

        Parser(BufferedReader reader, String name) {
            this.reader = reader;
            this.name = name;
        }

        TensorDataset parse(int[] sampleShape) throws IOException {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                if (line.isBlank()) continue;
                if (columns < 0) {
                    columns = countCells(line);
                    firstLine = lineNo;
                    if (columns < 2) {
                        throw DataFormatException.atLine(
                                name,
                                lineNo,
                                1,
                                "expected at least 2 columns (a label, then features), found " + columns);
                    }
                    header = !isNumber(cell(line, 0, line.indexOf(',')));
                    if (header) continue;
                }
                row(line);
            }
            if (columns < 0) {
                throw DataFormatException.atLine(
                        name,
                        Math.max(lineNo, 1),
                        1,
                        "empty file: expected rows of label,feature,feature,... (optionally after a header line)");
            }
            if (rows == 0) {
                throw DataFormatException.atLine(
                        name,
                        lineNo + 1,
                        1,
                        "no data rows after the header line: expected rows of label,feature,feature,...");
            }
            int width = columns - 1;
            float[] x = rows * width == features.length ? features : Arrays.copyOf(features, rows * width);
            long[] y = Arrays.copyOf(labels, rows);
            int[] shape = shapeOf(width, sampleShape);
            return new TensorDataset(Tensor.fromArray(x, shape), Tensor.fromArray(y, rows));
        }

        private int[] shapeOf(int width, int[] sampleShape) {
            if (sampleShape == null || sampleShape.length == 0) return new int[] {rows, width};
            long per = 1;
            for (int d : sampleShape) per *= d;
            if (per != width) {
                throw new DataFormatException(
                        name,
                        "rows have " + width + " features, which do not fit the sample shape "
                                + Arrays.toString(sampleShape) + " (" + per + " values)");
            }
            int[] shape = new int[sampleShape.length + 1];
            shape[0] = rows;
            System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
            return shape;
        }

        private void row(String line) {
            int width = columns - 1;
            if ((long) (rows + 1) * width > Integer.MAX_VALUE - 8) {
                throw DataFormatException.atLine(name, lineNo, 1, "too many values for one tensor (more than 2^31)");
            }
            if (features.length < (rows + 1) * width) {
                long grown = Math.max(2L * features.length, (long) (rows + 1) * width);
                features = Arrays.copyOf(features, (int) Math.min(Integer.MAX_VALUE - 8L, grown));
            }
            if (labels.length == rows) labels = Arrays.copyOf(labels, 2 * rows);

            int start = 0, column = 0, base = rows * width;
            while (true) {
                int end = line.indexOf(',', start);
                int stop = end < 0 ? line.length() : end;
                column++;
                if (column > columns) {
                    throw DataFormatException.atLine(
                            name, lineNo, column, "expected " + describeColumns() + ", found " + countCells(line));
                }
                if (column == 1) labels[rows] = label(cell(line, start, stop));
                else features[base + column - 2] = feature(line, start, stop, column);
                if (end < 0) break;
                start = end + 1;
            }
            if (column < columns) {
                throw DataFormatException.atLine(
                        name, lineNo, column + 1, "expected " + describeColumns() + ", found " + column);
            }
            rows++;
        }

        private long label(String text) {
            double v = number(text, 1, "label");
            if (v < 0 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
                throw DataFormatException.atLine(
                        name, lineNo, 1, "the label '" + text + "' must be a whole number >= 0 (a class index)");
            }
            return (long) v;
        }

        private float feature(String line, int from, int to, int column) {
            // Most pixel CSVs hold small non-negative integers: parse those in place, without a String per cell.
            while (from < to && line.charAt(from) <= ' ') from++;
            while (to > from && line.charAt(to - 1) <= ' ') to--;
            if (to > from && to - from <= 9) {
                int v = 0, i = from;
                for (; i < to; i++) {
                    char c = line.charAt(i);
                    if (c < '0' || c > '9') break;
                    v = v * 10 + (c - '0');
                }
                if (i == to) return v;
            }
            return (float) number(cell(line, from, to), column, "feature");
        }

        private double number(String text, int column, String what) {
            if (text.isEmpty())
                throw DataFormatException.atLine(name, lineNo, column, "empty cell: expected a numeric " + what);
            double v;
            try {
                v = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw DataFormatException.atLine(
                        name,
                        lineNo,
                        column,
                        "'" + abbreviate(text) + "' is not a number (expected a numeric " + what + ")");
            }
            if (!Double.isFinite(v)) {
                throw DataFormatException.atLine(
                        name,
                        lineNo,
                        column,
                        "'" + abbreviate(text) + "' is not a finite number (expected a numeric " + what + ")");
            }
            return v;
        }

        private String describeColumns() {
            String where = (header ? "the header on line " : "line ") + firstLine;
            return columns + " columns (a label, then " + (columns - 1) + " features, as in " + where + ")";
        }

        private static int countCells(String line) {
            int n = 1;
            for (int i = 0; i < line.length(); i++) if (line.charAt(i) == ',') n++;
            return n;
        }
    }

    /** The cell text between two commas, trimmed and without surrounding double quotes. */
    private static String cell(String line, int from, int to) {
        if (to < 0) to = line.length();
        while (from < to && line.charAt(from) <= ' ') from++;
        while (to > from && line.charAt(to - 1) <= ' ') to--;
        if (to - from >= 2 && line.charAt(from) == '"' && line.charAt(to - 1) == '"') {
            from++;
            to--;
        }
        return line.substring(from, to);
    }

    private static boolean isNumber(String text) {
        try {
            return Double.isFinite(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
