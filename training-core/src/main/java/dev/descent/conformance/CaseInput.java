package dev.descent.conformance;

import dev.descent.backend.DType;
import java.util.List;

/**
 * A case's input: a leaf tensor (dtype, shape, row-major values) and the views that turn it into the operand, such as
 * {@code ["permute", [1, 0]]}, {@code ["slice", dim, start, end, step]} or {@code ["expand", sizes]}, so operands can
 * be transposed, strided or broadcast without copying. Gradients are taken with respect to the leaf. Integer values are
 * held exactly in the doubles.
 */
public record CaseInput(DType dtype, int[] shape, double[] data, boolean grad, List<List<Object>> views) {

    /** The shape of the operand, after the views. */
    public int[] viewShape() {
        int[] s = shape.clone();
        for (List<Object> v : views) {
            switch ((String) v.getFirst()) {
                case "permute" -> {
                    List<?> dims = (List<?>) v.get(1);
                    int[] p = new int[dims.size()];
                    for (int i = 0; i < p.length; i++) p[i] = s[((Number) dims.get(i)).intValue()];
                    s = p;
                }
                case "slice" -> {
                    int d = ((Number) v.get(1)).intValue(), start = ((Number) v.get(2)).intValue();
                    int end = ((Number) v.get(3)).intValue(), step = ((Number) v.get(4)).intValue();
                    s[d] = end > start ? (end - start - 1) / step + 1 : 0;
                }
                case "expand" -> {
                    List<?> sizes = (List<?>) v.get(1);
                    s = sizes.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
                }
                default -> throw new IllegalArgumentException("unknown view " + v);
            }
        }
        return s;
    }
}
