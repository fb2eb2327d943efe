package dev.descent.nn;

import dev.descent.tensor.Tensor;

/** Puts each pooled value back at the position its {@link MaxPool2d} indices name; zeros elsewhere. */
public class MaxUnpool2d extends Module {
    private final int[] kernel, stride, padding;

    public MaxUnpool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public MaxUnpool2d(int kernel, int stride, int padding) {
        this.kernel = ConvChecks.sizes("MaxUnpool2d", "kernel_size", Conv2d.pair(kernel), 2, 1);
        this.stride = ConvChecks.sizes("MaxUnpool2d", "stride", Conv2d.pair(stride), 2, 1);
        this.padding = ConvChecks.sizes("MaxUnpool2d", "padding", Conv2d.pair(padding), 2, 0);
    }

    /** Unpooling needs the indices: call {@link #forward(Tensor, Tensor)}. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(
                "MaxUnpool2d needs the indices from MaxPool2d.forwardWithIndices: call forward(x, indices)");
    }

    public Tensor forward(Tensor x, Tensor indices) {
        return F.maxUnpool2d(x, indices, kernel, stride, padding, null);
    }

    /** With an explicit output size [h, w], for inputs whose pooling rounded the size down. */
    public Tensor forward(Tensor x, Tensor indices, int[] outputSize) {
        return F.maxUnpool2d(x, indices, kernel, stride, padding, outputSize);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + Conv2d.tuple(kernel) + ", stride=" + Conv2d.tuple(stride) + ", padding="
                + Conv2d.tuple(padding);
    }
}
