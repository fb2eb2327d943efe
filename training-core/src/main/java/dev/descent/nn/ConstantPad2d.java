package dev.descent.nn;

import dev.descent.tensor.Tensor;

/** Pads the last two dimensions with a constant; padding is [left, right, top, bottom]. */
public class ConstantPad2d extends Module {
    private final int[] padding;
    public final double value;

    public ConstantPad2d(int padding, double value) {
        this(new int[] {padding, padding, padding, padding}, value);
    }

    public ConstantPad2d(int[] padding, double value) {
        this.padding = ConvChecks.pads(getClass().getSimpleName(), padding);
        this.value = value;
    }

    public int[] padding() {
        return padding.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() < 2)
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + " expects at least 2 dimensions, got shape " + x.shape());
        return F.pad(x, padding, "constant", value);
    }

    @Override
    protected String extraRepr() {
        return "padding=" + Conv2d.tuple(padding) + ", value=" + value;
    }
}
