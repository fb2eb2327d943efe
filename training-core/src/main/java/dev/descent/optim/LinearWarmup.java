package dev.descent.optim;

/**
 * Linear warm-up over the first W optimizer steps, then another schedule (or the initial rate):
 *
 * <pre>
 *   α_t = α₀ (f + (1 - f) t / W)     for t &lt; W    (f = startFactor)
 *   α_t = after(α₀, t - W)            for t ≥ W
 * </pre>
 *
 * Warm-up counts batches, so it steps per batch and so must the schedule after it.
 */
public final class LinearWarmup extends FormulaScheduler {
    /** PyTorch's LinearLR default. */
    public static final double DEFAULT_START_FACTOR = 1.0 / 3;

    private final int warmupSteps;
    private final double startFactor;
    private final FormulaScheduler after;

    public LinearWarmup(LearningRates optimizer, int warmupSteps) {
        this(optimizer, warmupSteps, DEFAULT_START_FACTOR, null);
    }

    /** @param after the schedule from step W on, counting from 0 there; null holds the initial rate. */
    public LinearWarmup(LearningRates optimizer, int warmupSteps, double startFactor, FormulaScheduler after) {
        super(optimizer, Interval.BATCH);
        this.warmupSteps = Check.atLeast("warmupSteps", "warm-up steps", 1, warmupSteps);
        this.startFactor = Check.unitClosed("startFactor", "start factor", startFactor);
        if (after != null && after.interval() != Interval.BATCH) {
            throw new IllegalArgumentException("the schedule after a warm-up must step per batch like the warm-up, got "
                    + after + "; give it Interval.BATCH");
        }
        if (after != null && after.rates != optimizer) {
            throw new IllegalArgumentException("the schedule after a warm-up must drive the same optimizer");
        }
        this.after = after;
        apply();
    }

    @Override
    public double lrAt(double base, long t) {
        if (t < warmupSteps) return base * (startFactor + (1 - startFactor) * t / warmupSteps);
        return after == null ? base : after.lrAt(base, t - warmupSteps);
    }

    @Override
    public String toString() {
        return "LinearWarmup(warmupSteps=" + warmupSteps + ", startFactor=" + startFactor + ", then "
                + (after == null ? "constant" : after) + ")";
    }
}
