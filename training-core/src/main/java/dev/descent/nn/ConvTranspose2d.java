package dev.descent.nn;

import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * Transposed 2-D convolution with weight [in, out/groups, kh, kw]: output size (H-1) stride - 2 padding + dilation
 * (k-1) + output_padding + 1 per axis.
 */
public class ConvTranspose2d extends Module {
    public final int inChannels, outChannels, groups;
    private final int[] kernel, stride, padding, outputPadding, dilation;
    public final Parameter weight, bias;
    private final Generator gen;

    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride) {
        this(
                inChannels,
                outChannels,
                Conv2d.pair(kernel),
                Conv2d.pair(stride),
                Conv2d.pair(0),
                Conv2d.pair(0),
                1,
                true,
                Conv2d.pair(1),
                Generator.global());
    }

    public ConvTranspose2d(
            int inChannels,
            int outChannels,
            int[] kernel,
            int[] stride,
            int[] padding,
            int[] outputPadding,
            int groups,
            boolean bias,
            int[] dilation,
            Generator gen) {
        ConvChecks.channels("ConvTranspose2d", inChannels, outChannels, groups);
        this.kernel = ConvChecks.sizes("ConvTranspose2d", "kernel_size", kernel, 2, 1);
        this.stride = ConvChecks.sizes("ConvTranspose2d", "stride", stride, 2, 1);
        this.padding = ConvChecks.sizes("ConvTranspose2d", "padding", padding, 2, 0);
        this.outputPadding = ConvChecks.sizes("ConvTranspose2d", "output_padding", outputPadding, 2, 0);
        this.dilation = ConvChecks.sizes("ConvTranspose2d", "dilation", dilation, 2, 1);
        for (int i = 0; i < 2; i++) {
            if (outputPadding[i] >= stride[i] && outputPadding[i] >= dilation[i]) {
                throw new IllegalArgumentException("ConvTranspose2d: output_padding " + Arrays.toString(outputPadding)
                        + " must be smaller than either the stride or the dilation");
            }
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        this.gen = gen;
        this.weight = registerParameter(
                "weight", new Parameter(Tensor.zeros(inChannels, outChannels / groups, kernel[0], kernel[1])));
        this.bias = registerParameter("bias", bias ? new Parameter(Tensor.zeros(outChannels)) : null);
        resetParameters();
    }

    /** PyTorch's default; fan_in comes from the weight's dimension 1 (out/groups * kh * kw), as in PyTorch. */
    public void resetParameters() {
        Init.pytorchDefault_(weight, bias, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.convTranspose2d(x, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel_size=" + Conv2d.tuple(kernel) + ", stride="
                + Conv2d.tuple(stride)
                + (Arrays.stream(padding).anyMatch(p -> p != 0) ? ", padding=" + Conv2d.tuple(padding) : "")
                + (Arrays.stream(outputPadding).anyMatch(p -> p != 0)
                        ? ", output_padding=" + Conv2d.tuple(outputPadding)
                        : "")
                + (Arrays.stream(dilation).anyMatch(d -> d != 1) ? ", dilation=" + Conv2d.tuple(dilation) : "")
                + (groups != 1 ? ", groups=" + groups : "") + (bias == null ? ", bias=false" : "");
    }
}
