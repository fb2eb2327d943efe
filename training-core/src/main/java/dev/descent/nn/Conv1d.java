package dev.descent.nn;

import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;

/** 1-D convolution of [N, C, L] (or [C, L]) with weight [out, in/groups, k]. */
public class Conv1d extends Module {
    public final int inChannels, outChannels, kernelSize, stride, padding, dilation, groups;
    public final Parameter weight, bias;
    private final Generator gen;

    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true, Generator.global());
    }

    public Conv1d(
            int inChannels,
            int outChannels,
            int kernelSize,
            int stride,
            int padding,
            int dilation,
            int groups,
            boolean bias,
            Generator gen) {
        ConvChecks.channels("Conv1d", inChannels, outChannels, groups);
        ConvChecks.sizes("Conv1d", "kernel_size", new int[] {kernelSize}, 1, 1);
        ConvChecks.sizes("Conv1d", "stride", new int[] {stride}, 1, 1);
        ConvChecks.sizes("Conv1d", "padding", new int[] {padding}, 1, 0);
        ConvChecks.sizes("Conv1d", "dilation", new int[] {dilation}, 1, 1);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        this.gen = gen;
        this.weight =
                registerParameter("weight", new Parameter(Tensor.zeros(outChannels, inChannels / groups, kernelSize)));
        this.bias = registerParameter("bias", bias ? new Parameter(Tensor.zeros(outChannels)) : null);
        resetParameters();
    }

    public void resetParameters() {
        Init.pytorchDefault_(weight, bias, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.conv1d(x, weight, bias, stride, padding, dilation, groups);
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel_size=(" + kernelSize + ",), stride=(" + stride + ",)"
                + (padding != 0 ? ", padding=(" + padding + ",)" : "")
                + (dilation != 1 ? ", dilation=(" + dilation + ",)" : "")
                + (groups != 1 ? ", groups=" + groups : "") + (bias == null ? ", bias=false" : "");
    }
}
