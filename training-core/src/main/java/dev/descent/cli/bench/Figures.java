package dev.descent.cli.bench;

import java.math.BigDecimal;
import java.math.MathContext;

/** How bench reports write their numbers. */
public final class Figures {
    private Figures() {}

    /** Four significant digits: more would be noise. Zero, infinities and NaN pass through. */
    public static double round(double v) {
        if (v == 0 || !Double.isFinite(v)) return v;
        return new BigDecimal(v).round(new MathContext(4)).doubleValue();
    }
}
