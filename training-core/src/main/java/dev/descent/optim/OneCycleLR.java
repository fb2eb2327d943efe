package dev.descent.optim;

/**
 * The one-cycle policy (Smith and Topin): over {@code totalSteps} steps the rate climbs from max_lr / div_factor to
 * max_lr during the first {@code pctStart} of them, then anneals to max_lr / (div_factor · final_div_factor); with
 * {@code threePhase} it first climbs, then comes back down symmetrically, then anneals. Each phase anneals by a cosine
 * or linearly, at PyTorch's phase boundaries (pct_start · total - 1, ...). The optimizer's own learning rate is not
 * used. The last phase ends at step total - 1; the rate set by the total-th step (a loop that steps after every batch
 * takes it and never uses it) stays at the final rate, where PyTorch's formula runs past it (below 0 when linear), and
 * stepping further is an error. PyTorch also cycles the momentum (or β1) inversely by default; this schedule drives the
 * learning rate only.
 */
public final class OneCycleLR extends FormulaScheduler {
    /** How a phase moves from its start rate to its end rate. */
    public enum Anneal {
        COS,
        LINEAR
    }

    private final double maxLr, initialLr, minLr;
    private final int totalSteps;
    private final Anneal anneal;
    private final double[] ends;
    private final double[][] phaseRates;

    public OneCycleLR(LearningRates optimizer, double maxLr, int totalSteps) {
        this(optimizer, maxLr, totalSteps, 0.3, Anneal.COS, 25, 1e4, false);
    }

    public OneCycleLR(
            LearningRates optimizer,
            double maxLr,
            int totalSteps,
            double pctStart,
            Anneal anneal,
            double divFactor,
            double finalDivFactor,
            boolean threePhase) {
        super(optimizer, Interval.BATCH);
        this.maxLr = Check.positive("maxLr", "max learning rate", maxLr);
        this.totalSteps = Check.atLeast("totalSteps", "total steps", 1, totalSteps);
        Check.unitClosed("pctStart", "pct_start", pctStart);
        this.anneal = java.util.Objects.requireNonNull(anneal, "anneal");
        this.initialLr = maxLr / Check.positive("divFactor", "div factor", divFactor);
        this.minLr = initialLr / Check.positive("finalDivFactor", "final div factor", finalDivFactor);
        double up = pctStart * totalSteps - 1;
        if (threePhase) {
            ends = new double[] {up, 2 * pctStart * totalSteps - 2, totalSteps - 1};
            phaseRates = new double[][] {{initialLr, maxLr}, {maxLr, initialLr}, {initialLr, minLr}};
        } else {
            ends = new double[] {up, totalSteps - 1};
            phaseRates = new double[][] {{initialLr, maxLr}, {maxLr, minLr}};
        }
        apply();
    }

    @Override
    public double lrAt(double base, long t) {
        if (t > totalSteps)
            throw new IllegalStateException(
                    "OneCycleLR stepped " + t + " times, past its total of " + totalSteps + " steps");
        double start = 0;
        for (int i = 0; i < ends.length; i++) {
            if (t <= ends[i] || i == ends.length - 1) {
                if (ends[i] == start)
                    throw new ArithmeticException("OneCycleLR: phase " + (i + 1) + " is empty (pct_start "
                            + "times total steps leaves it no steps)");
                double pct = Math.min(1, (t - start) / (ends[i] - start));
                double from = phaseRates[i][0], to = phaseRates[i][1];
                return anneal == Anneal.COS
                        ? to + (from - to) / 2 * (Math.cos(Math.PI * pct) + 1)
                        : (to - from) * pct + from;
            }
            start = ends[i];
        }
        throw new AssertionError();
    }

    @Override
    public String toString() {
        return "OneCycleLR(maxLr=" + maxLr + ", totalSteps=" + totalSteps + ", " + anneal + ", initial " + initialLr
                + ", min " + minLr + ")";
    }
}
