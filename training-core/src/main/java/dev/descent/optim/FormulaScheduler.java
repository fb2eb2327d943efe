package dev.descent.optim;

import java.util.Map;
import java.util.Objects;

/**
 * A schedule whose learning rate is a closed-form function of the number of steps taken, applied to each parameter
 * group's (or other {@link LearningRate}'s) initial learning rate. Computing it afresh at every step (rather than
 * multiplying the previous value) means a resumed run needs only the step count to land on the same value, bit for bit.
 */
public abstract class FormulaScheduler implements LrScheduler {
    protected final LearningRates rates;
    private final Interval interval;
    private long steps;

    protected FormulaScheduler(LearningRates rates, Interval interval) {
        this.rates = Objects.requireNonNull(rates, "learning rates");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /** The learning rate after {@code t} steps for a group whose initial rate is {@code base}. */
    public abstract double lrAt(double base, long t);

    @Override
    public Interval interval() {
        return interval;
    }

    /** Steps taken so far. */
    public long steps() {
        return steps;
    }

    @Override
    public void step() {
        steps++;
        apply();
    }

    @Override
    public double lr() {
        return rates.lr();
    }

    /** Sets every group's rate for the current step; subclasses call it last in their constructors. */
    protected final void apply() {
        for (LearningRate r : rates.learningRates()) r.setLr(lrAt(r.initialLr(), steps));
    }

    @Override
    public StateDict stateDict() {
        return StateDict.ofScalars(Map.of("steps", (double) steps));
    }

    @Override
    public void loadStateDict(StateDict saved) {
        long t = (long) saved.scalar("steps");
        if (t < 0) throw new IllegalArgumentException("state dict's steps must be >= 0, got " + t);
        steps = t;
        apply();
    }
}
