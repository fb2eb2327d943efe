package dev.descent.nn;

import dev.descent.tensor.Tensor;

/** The maximum over a fixed output grid [outH, outW] of [N, C, H, W], whatever the input size. */
public class AdaptiveMaxPool2d extends Module {
    public final int outH, outW;

    public AdaptiveMaxPool2d(int size) {
        this(size, size);
    }

    public AdaptiveMaxPool2d(int outH, int outW) {
        if (outH <= 0 || outW <= 0)
            throw new IllegalArgumentException(
                    "AdaptiveMaxPool2d: output size must be positive, got " + outH + "x" + outW);
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.adaptiveMaxPool2d(x, outH, outW);
    }

    public Tensor.ValuesIndices forwardWithIndices(Tensor x) {
        return F.adaptiveMaxPool2dWithIndices(x, outH, outW);
    }

    @Override
    protected String extraRepr() {
        return "output_size=(" + outH + ", " + outW + ")";
    }
}
