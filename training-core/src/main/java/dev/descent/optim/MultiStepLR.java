package dev.descent.optim;

import java.util.Arrays;

/**
 * Decays the learning rate by γ at each milestone: α_t = α₀ γ^(number of milestones ≤ t). A milestone listed twice
 * decays twice, as in PyTorch.
 */
public final class MultiStepLR extends FormulaScheduler {
    private final int[] milestones;
    private final double gamma;

    public MultiStepLR(LearningRates optimizer, int[] milestones, double gamma) {
        this(optimizer, milestones, gamma, Interval.EPOCH);
    }

    public MultiStepLR(LearningRates optimizer, int[] milestones, double gamma, Interval interval) {
        super(optimizer, interval);
        this.milestones = milestones.clone();
        Arrays.sort(this.milestones);
        for (int m : this.milestones) Check.atLeast("milestones", "a milestone", 0, m);
        this.gamma = Check.positive("gamma", "gamma", gamma);
        apply();
    }

    @Override
    public double lrAt(double base, long t) {
        int passed = 0;
        while (passed < milestones.length && milestones[passed] <= t) passed++;
        return base * Math.pow(gamma, passed);
    }

    @Override
    public String toString() {
        return "MultiStepLR(milestones=" + Arrays.toString(milestones) + ", gamma=" + gamma + ", per " + interval()
                + ")";
    }
}
