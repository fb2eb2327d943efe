package dev.descent.spec;

/** One spec layer's output shape (per sample, no batch dimension) and parameter count. */
public record LayerSummary(int index, String type, int[] outputShape, long params) {

    public LayerSummary {
        outputShape = outputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return outputShape.clone();
    }
}
