package dev.descent.spec;

import dev.descent.io.TextTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What {@link ModelPlan#summary} shows: each layer's output shape and parameters, and the totals. */
public record ModelSummary(List<LayerSummary> layers, long totalParams, int[] outputShape) {

    public ModelSummary {
        layers = List.copyOf(layers);
        outputShape = outputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return outputShape.clone();
    }

    /** The layer table {@code descent inspect} prints. */
    public String table() {
        List<String[]> rows = new ArrayList<>();
        for (LayerSummary l : layers) {
            rows.add(new String[] {
                Integer.toString(l.index()),
                l.type(),
                Arrays.toString(l.outputShape()),
                String.format(Locale.ROOT, "%,d", l.params())
            });
        }
        return TextTable.render(
                new String[] {"#", "layer", "output shape", "params"},
                rows,
                String.format(Locale.ROOT, "total parameters: %,d", totalParams));
    }
}
