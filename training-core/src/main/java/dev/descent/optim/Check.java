package dev.descent.optim;

/** Range checks for hyper-parameters, with messages like "momentum must be in [0, 1), got 1.5". */
final class Check {
    private Check() {}

    static double positive(String option, String what, double v) {
        if (!(v > 0) || Double.isInfinite(v))
            throw new HyperParameterException(option, what + " must be > 0, got " + format(v));
        return v;
    }

    static double nonNegative(String option, String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v))
            throw new HyperParameterException(option, what + " must be >= 0, got " + format(v));
        return v;
    }

    /** In [0, 1): a decay rate of 1 would freeze its average forever. */
    static double unitOpen(String option, String what, double v) {
        if (!(v >= 0 && v < 1))
            throw new HyperParameterException(option, what + " must be in [0, 1), got " + format(v));
        return v;
    }

    static double unitClosed(String option, String what, double v) {
        if (!(v >= 0 && v <= 1))
            throw new HyperParameterException(option, what + " must be in [0, 1], got " + format(v));
        return v;
    }

    /** In (0, 1): a factor that must shrink something without zeroing it. */
    static double shrinkFactor(String option, String what, double v) {
        if (!(v > 0 && v < 1)) throw new HyperParameterException(option, what + " must be in (0, 1), got " + format(v));
        return v;
    }

    static int atLeast(String option, String what, int min, int v) {
        if (v < min) throw new HyperParameterException(option, what + " must be >= " + min + ", got " + v);
        return v;
    }

    /** Whole numbers without ".0", so a message quotes what the user typed: "got -1", "got 1.5", "got 1.0E-8". */
    static String format(double v) {
        if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
