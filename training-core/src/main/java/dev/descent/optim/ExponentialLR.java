package dev.descent.optim;

/** Decays the learning rate by γ every step: α_t = α₀ γ^t. */
public final class ExponentialLR extends FormulaScheduler {
    private final double gamma;

    public ExponentialLR(LearningRates optimizer, double gamma) {
        this(optimizer, gamma, Interval.EPOCH);
    }

    public ExponentialLR(LearningRates optimizer, double gamma, Interval interval) {
        super(optimizer, interval);
        this.gamma = Check.positive("gamma", "gamma", gamma);
        apply();
    }

    @Override
    public double lrAt(double base, long t) {
        return base * Math.pow(gamma, (double) t);
    }

    @Override
    public String toString() {
        return "ExponentialLR(gamma=" + gamma + ", per " + interval() + ")";
    }
}
