package dev.descent.nn;

import java.util.Arrays;

/** Constructor argument checks shared by the convolution and pooling layers. */
final class ConvChecks {
    private ConvChecks() {}

    static void channels(String layer, int in, int out, int groups) {
        if (in <= 0 || out <= 0)
            throw new IllegalArgumentException(layer + ": channels must be > 0, got in " + in + " and out " + out);
        if (groups <= 0) throw new IllegalArgumentException(layer + ": groups must be > 0, got " + groups);
        if (in % groups != 0)
            throw new IllegalArgumentException(
                    layer + ": in_channels " + in + " must be divisible by groups " + groups);
        if (out % groups != 0)
            throw new IllegalArgumentException(
                    layer + ": out_channels " + out + " must be divisible by groups " + groups);
    }

    static int[] sizes(String layer, String name, int[] v, int dims, int min) {
        if (v == null || v.length != dims)
            throw new IllegalArgumentException(
                    layer + ": " + name + " must have " + dims + " values, got " + Arrays.toString(v));
        for (int x : v)
            if (x < min)
                throw new IllegalArgumentException(
                        layer + ": " + name + " must be >= " + min + ", got " + Arrays.toString(v));
        return v.clone();
    }

    /** Padding [left, right, top, bottom]. */
    static int[] pads(String layer, int[] v) {
        return sizes(layer, "padding [left, right, top, bottom]", v, 4, 0);
    }
}
