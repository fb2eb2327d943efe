package dev.descent.nn;

import dev.descent.io.TextTable;
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
        return TextTable.render(
                new String[] {"#", "layer", "output shape", "params"},
                cells,
                String.format(Locale.ROOT, "total parameters: %,d", totalParams));
    }

    @Override
    public String toString() {
        return table();
    }
}
