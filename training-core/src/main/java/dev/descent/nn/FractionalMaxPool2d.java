package dev.descent.nn;

import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;

/**
 * Max pooling over kernel-sized windows placed pseudo-randomly (Graham, 2014) so that the output has a given size or
 * ratio of the input; new window positions are drawn from the generator on every call.
 */
public class FractionalMaxPool2d extends Module {
    private final int[] kernel, outputSize;
    private final double[] outputRatio;
    private final Generator gen;

    /** A fixed output size [h, w]. */
    public FractionalMaxPool2d(int[] kernel, int[] outputSize, Generator gen) {
        this(kernel, outputSize, null, gen);
    }

    /** An output size of floor(input * ratio) per axis, ratios in (0, 1). */
    public FractionalMaxPool2d(int[] kernel, double[] outputRatio, Generator gen) {
        this(kernel, null, outputRatio, gen);
    }

    private FractionalMaxPool2d(int[] kernel, int[] outputSize, double[] outputRatio, Generator gen) {
        this.kernel = ConvChecks.sizes("FractionalMaxPool2d", "kernel_size", kernel, 2, 1);
        this.outputSize =
                outputSize == null ? null : ConvChecks.sizes("FractionalMaxPool2d", "output_size", outputSize, 2, 1);
        if (outputRatio != null) {
            if (outputRatio.length != 2
                    || !(outputRatio[0] > 0 && outputRatio[0] < 1 && outputRatio[1] > 0 && outputRatio[1] < 1)) {
                throw new IllegalArgumentException(
                        "FractionalMaxPool2d: output_ratio must be two values in (0, 1), got "
                                + java.util.Arrays.toString(outputRatio));
            }
        }
        this.outputRatio = outputRatio == null ? null : outputRatio.clone();
        this.gen = gen;
    }

    @Override
    public Tensor forward(Tensor x) {
        return forwardWithIndices(x).values();
    }

    public Tensor.ValuesIndices forwardWithIndices(Tensor x) {
        return outputSize != null
                ? F.fractionalMaxPool2d(x, kernel, outputSize, gen)
                : F.fractionalMaxPool2d(x, kernel, outputRatio, gen);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + Conv2d.tuple(kernel)
                + (outputSize != null
                        ? ", output_size=" + Conv2d.tuple(outputSize)
                        : ", output_ratio=(" + outputRatio[0] + ", " + outputRatio[1] + ")");
    }
}
