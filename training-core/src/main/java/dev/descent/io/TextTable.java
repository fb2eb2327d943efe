package dev.descent.io;

import java.util.Arrays;
import java.util.List;

/** A plain-text table for the terminal, as {@code descent inspect} and {@code Module.summary} print layers. */
public final class TextTable {
    private TextTable() {}

    /** Left-aligned columns under a header, a rule, and a footer line; the last column is right-aligned. */
    public static String render(String[] header, List<String[]> rows, String footer) {
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
