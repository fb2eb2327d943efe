package dev.descent.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Per-layer output shapes (one sample, no batch dimension) and parameter counts, printable as a table. */
public record Summary(List<Row> rows, long totalParams, int[] outputShape) {

    public record Row(String name, String type, int[] outputShape, long params) {}

    public Summary {
        rows = List.copyOf(rows);
        outputShape = outputShape.clone();
    }

    /** The table {@code descent inspect} prints. */
    public String table() {
        List<String[]> cells = new ArrayList<>();
        for (Row r : rows)
            cells.add(new String[] {
                r.name(), r.type(), Arrays.toString(r.outputShape()), String.format(Locale.ROOT, "%,d", r.params())
            });
        return table(
                new String[] {"#", "layer", "output shape", "params"},
                cells,
                String.format(Locale.ROOT, "total parameters: %,d", totalParams));
    }

    @Override
    public String toString() {
        return table();
    }

    /** Left-aligned columns under a header, a rule, and a footer line; the last column is right-aligned. */
    public static String table(String[] header, List<String[]> rows, String footer) {
        int[] width = new int[header.length];
        for (int c = 0; c < header.length; c++) width[c] = header[c].length();
        for (String[] r : rows) for (int c = 0; c < r.length; c++) width[c] = Math.max(width[c], r[c].length());
        StringBuilder sb = new StringBuilder();
        appendRow(sb, header, width);
        int total = Arrays.stream(width).sum() + 2 * (width.length - 1);
        sb.append("-".repeat(total)).append('\n');
        for (String[] r : rows) appendRow(sb, r, width);
        sb.append("-".repeat(total)).append('\n').append(footer);
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, String[] cells, int[] width) {
        for (int c = 0; c < cells.length; c++) {
            boolean last = c == cells.length - 1;
            String cell = cells[c];
            String pad = " ".repeat(width[c] - cell.length());
            sb.append(last ? pad + cell : cell + pad);
            if (!last) sb.append("  ");
        }
        sb.append('\n');
    }
}
