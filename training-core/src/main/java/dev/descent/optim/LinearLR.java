package dev.descent.optim;

/**
 * Scales the learning rate linearly from a start factor to an end factor over {@code totalIters} steps, then holds it:
 * α_t = α₀ (s + (e - s) min(t, T) / T).
 */
public final class LinearLR extends FormulaScheduler {
    private final double startFactor, endFactor;
    private final int totalIters;

    public LinearLR(LearningRates optimizer, double startFactor, double endFactor, int totalIters) {
        this(optimizer, startFactor, endFactor, totalIters, Interval.EPOCH);
    }

    public LinearLR(LearningRates optimizer, double startFactor, double endFactor, int totalIters, Interval interval) {
        super(optimizer, interval);
        if (!(startFactor > 0 && startFactor <= 1))
            throw new HyperParameterException(
                    "startFactor", "start factor must be in (0, 1], got " + Check.format(startFactor));
        this.startFactor = startFactor;
        this.endFactor = Check.unitClosed("endFactor", "end factor", endFactor);
        this.totalIters = Check.atLeast("totalIters", "total iterations", 1, totalIters);
        apply();
    }

    @Override
    public double lrAt(double base, long t) {
        return base * (startFactor + (endFactor - startFactor) * Math.min(t, totalIters) / totalIters);
    }

    @Override
    public String toString() {
        return "LinearLR(startFactor=" + startFactor + ", endFactor=" + endFactor + ", totalIters=" + totalIters
                + ", per " + interval() + ")";
    }
}
