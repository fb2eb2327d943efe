package dev.descent.conformance;

import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * A result as both sides report it: dtype name (PyTorch's, so "int16" can appear), shape and row-major values, or a
 * plain number ({@code dtype} "scalar").
 */
public record TensorValue(String dtype, int[] shape, double[] data) {

    public static TensorValue of(Tensor t) {
        Tensor d = t.detach();
        return new TensorValue(d.dtype().label(), d.sizes(), d.toDoubleArray());
    }

    public static TensorValue scalar(double v) {
        return new TensorValue("scalar", new int[0], new double[] {v});
    }

    public boolean isFloating() {
        return dtype.startsWith("float") || dtype.equals("scalar");
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shape) + " " + Values.format(data, 12);
    }
}
