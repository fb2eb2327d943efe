package dev.descent.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Multiplies the learning rate by {@code factor} (not below {@code minLr}) when the watched metric has not improved for
 * more than {@code patience} epochs, then waits {@code cooldown} epochs before counting again. In mode MIN a value
 * improves on the best if it is below best · (1 - threshold); in mode MAX if it is above best · (1 + threshold).
 * PyTorch's semantics; a NaN metric never counts as an improvement.
 */
public final class ReduceLROnPlateau implements LrScheduler {

    public enum Mode {
        MIN,
        MAX
    }

    /** Changes smaller than this are not worth making (PyTorch's eps). */
    private static final double EPS = 1e-8;

    private final LearningRates optimizer;
    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final int cooldown;
    private final double minLr;

    private double best;
    private int badEpochs;
    private int cooldownLeft;
    private long epochs;

    public ReduceLROnPlateau(LearningRates optimizer) {
        this(optimizer, Mode.MIN, 0.1, 10, 1e-4, 0, 0);
    }

    public ReduceLROnPlateau(
            LearningRates optimizer,
            Mode mode,
            double factor,
            int patience,
            double threshold,
            int cooldown,
            double minLr) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.factor = Check.shrinkFactor("factor", "factor", factor);
        this.patience = Check.atLeast("patience", "patience", 0, patience);
        this.threshold = Check.nonNegative("threshold", "threshold", threshold);
        this.cooldown = Check.atLeast("cooldown", "cooldown", 0, cooldown);
        this.minLr = Check.nonNegative("minLr", "minimum learning rate", minLr);
        this.best = worst();
    }

    @Override
    public Interval interval() {
        return Interval.EPOCH;
    }

    @Override
    public void step() {
        throw new IllegalStateException(
                "ReduceLROnPlateau needs the metric it watches: call step(metric) once per epoch");
    }

    @Override
    public void step(double metric) {
        epochs++;
        if (improves(metric)) {
            best = metric;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badEpochs = 0;
        }
        if (badEpochs > patience) {
            reduce();
            cooldownLeft = cooldown;
            badEpochs = 0;
        }
    }

    private boolean improves(double metric) {
        return mode == Mode.MIN ? metric < best * (1 - threshold) : metric > best * (1 + threshold);
    }

    private void reduce() {
        for (LearningRate g : optimizer.learningRates()) {
            double reduced = Math.max(g.lr() * factor, minLr);
            if (g.lr() - reduced > EPS) g.setLr(reduced);
        }
    }

    private double worst() {
        return mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    @Override
    public double lr() {
        return optimizer.lr();
    }

    /** The best metric so far. */
    public double best() {
        return best;
    }

    /** Epochs without improvement since the last improvement or reduction. */
    public int badEpochs() {
        return badEpochs;
    }

    /** The learning rates themselves live with the optimizer (its state dict). */
    @Override
    public StateDict stateDict() {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("epochs", (double) epochs);
        s.put("best", best);
        s.put("bad_epochs", (double) badEpochs);
        s.put("cooldown_left", (double) cooldownLeft);
        return StateDict.ofScalars(s);
    }

    @Override
    public void loadStateDict(StateDict saved) {
        long e = (long) saved.scalar("epochs");
        double b = saved.scalar("best");
        int bad = (int) saved.scalar("bad_epochs");
        int left = (int) saved.scalar("cooldown_left");
        epochs = e;
        best = b;
        badEpochs = bad;
        cooldownLeft = left;
    }

    @Override
    public String toString() {
        return "ReduceLROnPlateau(mode=" + mode + ", factor=" + factor + ", patience=" + patience + ", threshold="
                + threshold + ", cooldown=" + cooldown + ", minLr=" + minLr + ")";
    }
}
