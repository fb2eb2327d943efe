package dev.descent.optim;

/**
 * Cosine annealing with warm restarts (SGDR, Loshchilov and Hutter): the rate falls from α₀ to η_min over a cycle of
 * T_i steps, then jumps back, with T_0 the first cycle and each next one T_mult times longer:
 *
 * <pre>
 *   α_t = η_min + (α₀ - η_min) (1 + cos(π T_cur / T_i)) / 2,   T_cur = steps since the last restart
 * </pre>
 */
public final class CosineAnnealingWarmRestarts extends FormulaScheduler {
    private final int t0, tMult;
    private final double etaMin;

    public CosineAnnealingWarmRestarts(LearningRates optimizer, int t0, int tMult, double etaMin) {
        this(optimizer, t0, tMult, etaMin, Interval.EPOCH);
    }

    public CosineAnnealingWarmRestarts(LearningRates optimizer, int t0, int tMult, double etaMin, Interval interval) {
        super(optimizer, interval);
        this.t0 = Check.atLeast("T0", "T_0", 1, t0);
        this.tMult = Check.atLeast("TMult", "T_mult", 1, tMult);
        this.etaMin = Check.nonNegative("etaMin", "etaMin", etaMin);
        apply();
    }

    @Override
    public double lrAt(double base, long t) {
        long cycle = t0, cur = t;
        if (tMult == 1) cur = t % t0;
        else {
            while (cur >= cycle) {
                cur -= cycle;
                cycle *= tMult;
            }
        }
        return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * cur / cycle)) / 2;
    }

    @Override
    public String toString() {
        return "CosineAnnealingWarmRestarts(T0=" + t0 + ", TMult=" + tMult + ", etaMin=" + etaMin + ", per "
                + interval() + ")";
    }
}
