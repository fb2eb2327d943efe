package dev.descent.conformance;

import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;
import java.util.Locale;

/** Helpers both sides agree on: the fixed upstream gradients, and how values print in a report. */
final class Values {
    private Values() {}

    /**
     * The upstream gradient for output {@code k}: ((7 i + 3 + k) mod 11 - 5) / 4 at flat position i, the same formula
     * as the Python side's {@code weights}. Small multiples of 1/4 are exact in every floating dtype.
     */
    static Tensor weights(Tensor like, int k) {
        double[] w = new double[like.numel()];
        for (int i = 0; i < w.length; i++) w[i] = ((7L * i + 3 + k) % 11 - 5) / 4.0;
        return Tensor.fromArray(w)
                .reshape(like.sizes())
                .to(like.dtype().isFloatingPoint() ? like.dtype() : DType.FLOAT32);
    }

    static String format(double[] data, int limit) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < data.length && i < limit; i++) {
            if (i > 0) s.append(", ");
            s.append(format(data[i]));
        }
        if (data.length > limit) s.append(", ... (").append(data.length).append(" values)");
        return s.append(']').toString();
    }

    static String format(double v) {
        if (v == 0 && 1 / v < 0) return "-0";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.7g", v);
    }
}
