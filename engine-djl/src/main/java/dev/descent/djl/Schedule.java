package dev.descent.djl;

import dev.descent.train.ConfigException;
import dev.descent.train.ScheduleConfig;

import java.util.Set;

/**
 * The learning rate at each step, from the base rate and an optional schedule (epochs count from 0):
 * step: lr gamma^floor(epoch / stepSize) (gamma 0.1); exponential: lr gamma^epoch;
 * cosine: etaMin + (lr - etaMin)(1 + cos(pi epoch / tMax)) / 2 (tMax defaults to the run's epochs);
 * warmup: lr min(1, (step + 1) / warmupSteps), per step; plateau: lr times factor (0.1) after
 * patience (10) epochs without a better monitored loss, never below minLr.
 */
final class Schedule {
    private final double base;
    private final ScheduleConfig config;
    private final int epochs;
    private double plateauLr;
    private double best = Double.POSITIVE_INFINITY;
    private int badEpochs;

    Schedule(double base, ScheduleConfig config, int epochs) {
        this.base = base;
        this.config = config;
        this.epochs = epochs;
        this.plateauLr = base;
        check();
    }

    private void check() {
        if (config == null) return;
        Set<String> known = switch (config.type()) {
            case "step" -> Set.of("stepSize", "gamma");
            case "exponential" -> Set.of("gamma");
            case "cosine" -> Set.of("tMax", "etaMin");
            case "warmup" -> Set.of("warmupSteps");
            case "plateau" -> Set.of("factor", "patience", "minLr");
            default -> throw new ConfigException("schedule.type", "the djl engine cannot run the '" + config.type() + "' schedule");
        };
        for (String option : config.options().keySet()) {
            if (!known.contains(option)) throw new ConfigException("schedule." + option, "unknown option for a " + config.type() + " schedule (known: " + new java.util.TreeSet<>(known) + ")");
        }
        switch (config.type()) {
            case "step" -> {
                positiveInt("stepSize", Double.NaN);
                fraction("gamma", 0.1);
            }
            case "exponential" -> fraction("gamma", Double.NaN);
            case "cosine" -> {
                positiveInt("tMax", epochs);
                if (!(config.option("etaMin", 0) >= 0)) throw new ConfigException("schedule.etaMin", "must be >= 0, got " + config.option("etaMin", 0));
            }
            case "warmup" -> positiveInt("warmupSteps", Double.NaN);
            case "plateau" -> {
                fraction("factor", 0.1);
                if (!(config.option("patience", 10) >= 0)) throw new ConfigException("schedule.patience", "must be >= 0, got " + config.option("patience", 10));
            }
            default -> { }
        }
    }

    private void positiveInt(String name, double fallback) {
        double v = config.option(name, fallback);
        if (Double.isNaN(v)) throw new ConfigException("schedule." + name, "is required for a " + config.type() + " schedule");
        if (!(v >= 1) || v != Math.rint(v)) throw new ConfigException("schedule." + name, "must be a positive integer, got " + v);
    }

    private void fraction(String name, double fallback) {
        double v = config.option(name, fallback);
        if (Double.isNaN(v)) throw new ConfigException("schedule." + name, "is required for a " + config.type() + " schedule");
        if (!(v > 0 && v <= 1)) throw new ConfigException("schedule." + name, "must be in (0, 1], got " + v);
    }

    double lr(int epoch, long step) {
        if (config == null) return base;
        return switch (config.type()) {
            case "step" -> base * Math.pow(config.option("gamma", 0.1), Math.floorDiv(epoch, (int) config.option("stepSize", 1)));
            case "exponential" -> base * Math.pow(config.option("gamma", 1), epoch);
            case "cosine" -> {
                double etaMin = config.option("etaMin", 0);
                double tMax = config.option("tMax", epochs);
                yield etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * Math.min(epoch, tMax) / tMax)) / 2;
            }
            case "warmup" -> base * Math.min(1, (step + 1) / config.option("warmupSteps", 1));
            case "plateau" -> plateauLr;
            default -> base;
        };
    }

    /** Feeds the epoch's monitored loss to a plateau schedule. */
    void observe(double loss) {
        if (config == null || !config.type().equals("plateau")) return;
        if (loss < best) {
            best = loss;
            badEpochs = 0;
        } else if (++badEpochs > config.option("patience", 10)) {
            plateauLr = Math.max(config.option("minLr", 0), plateauLr * config.option("factor", 0.1));
            badEpochs = 0;
        }
    }

    /** The plateau schedule's state, for checkpoints: current lr, best loss, epochs without improvement. */
    double[] state() { return new double[] {plateauLr, best, badEpochs}; }

    void restore(double[] s) {
        plateauLr = s[0];
        best = s[1];
        badEpochs = (int) s[2];
    }
}
