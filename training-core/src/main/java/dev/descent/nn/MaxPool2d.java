package dev.descent.nn;

import dev.descent.tensor.Tensor;

/** The maximum of each window of [N, C, H, W] (or [C, H, W]); the stride defaults to the kernel size. */
public class MaxPool2d extends Module {
    private final int[] kernel, stride, padding, dilation;
    public final boolean ceilMode;

    public MaxPool2d(int kernel) {
        this(kernel, kernel);
    }

    public MaxPool2d(int kernel, int stride) {
        this(Conv2d.pair(kernel), Conv2d.pair(stride), Conv2d.pair(0), Conv2d.pair(1), false);
    }

    public MaxPool2d(int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        this.kernel = ConvChecks.sizes("MaxPool2d", "kernel_size", kernel, 2, 1);
        this.stride = ConvChecks.sizes("MaxPool2d", "stride", stride == null ? kernel : stride, 2, 1);
        this.padding = ConvChecks.sizes("MaxPool2d", "padding", padding, 2, 0);
        this.dilation = ConvChecks.sizes("MaxPool2d", "dilation", dilation, 2, 1);
        for (int i = 0; i < 2; i++) {
            if (padding[i] > kernel[i] / 2)
                throw new IllegalArgumentException(
                        "MaxPool2d: padding must be at most half the kernel size, got padding " + padding[i]
                                + " for kernel " + kernel[i]);
        }
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor x) {
        return forwardWithIndices(x).values();
    }

    /** The maxima and their flat positions h*W+w in each input plane (for {@link MaxUnpool2d}). */
    public Tensor.ValuesIndices forwardWithIndices(Tensor x) {
        return F.maxPool2dWithIndices(x, kernel, stride, padding, dilation, ceilMode);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + Conv2d.tuple(kernel) + ", stride=" + Conv2d.tuple(stride) + ", padding="
                + Conv2d.tuple(padding) + ", dilation=" + Conv2d.tuple(dilation) + ", ceil_mode=" + ceilMode;
    }
}
