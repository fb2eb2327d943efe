package dev.descent.nn;

/** Pads the last two dimensions with zeros; padding is [left, right, top, bottom]. */
public class ZeroPad2d extends ConstantPad2d {

    public ZeroPad2d(int padding) {
        super(padding, 0);
    }

    public ZeroPad2d(int[] padding) {
        super(padding, 0);
    }

    @Override
    protected String extraRepr() {
        return "padding=" + Conv2d.tuple(padding());
    }
}
