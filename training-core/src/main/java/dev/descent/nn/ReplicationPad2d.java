package dev.descent.nn;

import dev.descent.tensor.Tensor;

/** Pads the last two dimensions by repeating the edge values; padding is [left, right, top, bottom]. */
public class ReplicationPad2d extends Module {
    private final int[] padding;

    public ReplicationPad2d(int padding) {
        this(new int[] {padding, padding, padding, padding});
    }

    public ReplicationPad2d(int[] padding) {
        this.padding = ConvChecks.pads("ReplicationPad2d", padding);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 3 && x.dim() != 4)
            throw new IllegalArgumentException(
                    "ReplicationPad2d expects [N, C, H, W] or [C, H, W], got shape " + x.shape());
        return F.pad(x, padding, "replicate", 0);
    }

    @Override
    protected String extraRepr() {
        return "padding=" + Conv2d.tuple(padding);
    }
}
