package dev.descent.optim;

/** Decays the learning rate by γ every {@code stepSize} steps: α_t = α₀ γ^⌊t / stepSize⌋. */
public final class StepLR extends FormulaScheduler {
    private final int stepSize;
    private final double gamma;

    public StepLR(LearningRates optimizer, int stepSize, double gamma) {
        this(optimizer, stepSize, gamma, Interval.EPOCH);
    }

    public StepLR(LearningRates optimizer, int stepSize, double gamma, Interval interval) {
        super(optimizer, interval);
        this.stepSize = Check.atLeast("stepSize", "step size", 1, stepSize);
        this.gamma = Check.positive("gamma", "gamma", gamma);
        apply();
    }

    @Override
    public double lrAt(double base, long t) {
        return base * Math.pow(gamma, (double) Math.floorDiv(t, stepSize));
    }

    @Override
    public String toString() {
        return "StepLR(stepSize=" + stepSize + ", gamma=" + gamma + ", per " + interval() + ")";
    }
}
