package dev.descent.nn;

import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/** 2-D convolution of [N, C, H, W] (or [C, H, W]) with weight [out, in/groups, kh, kw]; sizes are [h, w]. */
public class Conv2d extends Module {
    public final int inChannels, outChannels, groups;
    private final int[] kernel, stride, padding, dilation;
    public final Parameter weight, bias;
    private final Generator gen;

    public Conv2d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, 1, 0);
    }

    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding) {
        this(inChannels, outChannels, pair(kernel), pair(stride), pair(padding), pair(1), 1, true, Generator.global());
    }

    public Conv2d(
            int inChannels,
            int outChannels,
            int[] kernel,
            int[] stride,
            int[] padding,
            int[] dilation,
            int groups,
            boolean bias,
            Generator gen) {
        ConvChecks.channels("Conv2d", inChannels, outChannels, groups);
        this.kernel = ConvChecks.sizes("Conv2d", "kernel_size", kernel, 2, 1);
        this.stride = ConvChecks.sizes("Conv2d", "stride", stride, 2, 1);
        this.padding = ConvChecks.sizes("Conv2d", "padding", padding, 2, 0);
        this.dilation = ConvChecks.sizes("Conv2d", "dilation", dilation, 2, 1);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        this.gen = gen;
        this.weight = registerParameter(
                "weight", new Parameter(Tensor.zeros(outChannels, inChannels / groups, kernel[0], kernel[1])));
        this.bias = registerParameter("bias", bias ? new Parameter(Tensor.zeros(outChannels)) : null);
        resetParameters();
    }

    static int[] pair(int v) {
        return new int[] {v, v};
    }

    public void resetParameters() {
        Init.pytorchDefault_(weight, bias, gen);
    }

    public int[] kernelSize() {
        return kernel.clone();
    }

    public int[] stride() {
        return stride.clone();
    }

    public int[] padding() {
        return padding.clone();
    }

    public int[] dilation() {
        return dilation.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.conv2d(x, weight, bias, stride, padding, dilation, groups);
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel_size=" + tuple(kernel) + ", stride=" + tuple(stride)
                + (Arrays.stream(padding).anyMatch(p -> p != 0) ? ", padding=" + tuple(padding) : "")
                + (Arrays.stream(dilation).anyMatch(d -> d != 1) ? ", dilation=" + tuple(dilation) : "")
                + (groups != 1 ? ", groups=" + groups : "") + (bias == null ? ", bias=false" : "");
    }

    /** (5, 5) as PyTorch prints sizes. */
    static String tuple(int[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(v[i]);
        return sb.append(v.length == 1 ? ",)" : ")").toString();
    }
}
