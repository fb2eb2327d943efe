package dev.descent.optim;

/**
 * Cosine annealing (Loshchilov and Hutter, without restarts) from the initial rate α₀ down to η_min over T_max steps:
 *
 * <pre>
 *   α_t = η_min + (α₀ - η_min) (1 + cos(π t / T_max)) / 2     for t ≤ T_max, then η_min
 * </pre>
 *
 * Holding η_min past T_max (where PyTorch's formula would climb again) suits a run longer than planned.
 */
public final class CosineAnnealingLR extends FormulaScheduler {
    private final int tMax;
    private final double etaMin;

    public CosineAnnealingLR(LearningRates optimizer, int tMax, double etaMin) {
        this(optimizer, tMax, etaMin, Interval.EPOCH);
    }

    public CosineAnnealingLR(LearningRates optimizer, int tMax, double etaMin, Interval interval) {
        super(optimizer, interval);
        this.tMax = Check.atLeast("tMax", "tMax", 1, tMax);
        this.etaMin = Check.nonNegative("etaMin", "etaMin", etaMin);
        apply();
    }

    @Override
    public double lrAt(double base, long t) {
        if (t >= tMax) return etaMin;
        return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2;
    }

    @Override
    public String toString() {
        return "CosineAnnealingLR(tMax=" + tMax + ", etaMin=" + etaMin + ", per " + interval() + ")";
    }
}
