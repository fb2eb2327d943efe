package dev.descent.nn;

import dev.descent.tensor.Tensor;

/**
 * The mean of each window of [N, C, H, W] (or [C, H, W]); the stride defaults to the kernel size. A divisor override (>
 * 0) divides every window's sum by itself instead.
 */
public class AvgPool2d extends Module {
    private final int[] kernel, stride, padding;
    public final boolean ceilMode, countIncludePad;
    public final int divisorOverride;

    public AvgPool2d(int kernel) {
        this(kernel, kernel);
    }

    public AvgPool2d(int kernel, int stride) {
        this(Conv2d.pair(kernel), Conv2d.pair(stride), Conv2d.pair(0), false, true);
    }

    public AvgPool2d(int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        this(kernel, stride, padding, ceilMode, countIncludePad, 0);
    }

    /** @param divisorOverride what every window's sum is divided by, or 0 for the window's count */
    public AvgPool2d(
            int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad, int divisorOverride) {
        this.kernel = ConvChecks.sizes("AvgPool2d", "kernel_size", kernel, 2, 1);
        this.stride = ConvChecks.sizes("AvgPool2d", "stride", stride == null ? kernel : stride, 2, 1);
        this.padding = ConvChecks.sizes("AvgPool2d", "padding", padding, 2, 0);
        for (int i = 0; i < 2; i++) {
            if (padding[i] > kernel[i] / 2)
                throw new IllegalArgumentException(
                        "AvgPool2d: padding must be at most half the kernel size, got padding " + padding[i]
                                + " for kernel " + kernel[i]);
        }
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        if (divisorOverride < 0)
            throw new IllegalArgumentException("AvgPool2d: divisor_override must be > 0, got " + divisorOverride);
        this.divisorOverride = divisorOverride;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.avgPool2d(x, kernel, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + Conv2d.tuple(kernel) + ", stride=" + Conv2d.tuple(stride) + ", padding="
                + Conv2d.tuple(padding) + ", ceil_mode=" + ceilMode + ", count_include_pad=" + countIncludePad
                + (divisorOverride > 0 ? ", divisor_override=" + divisorOverride : "");
    }
}
