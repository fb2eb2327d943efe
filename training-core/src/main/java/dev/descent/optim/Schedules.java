package dev.descent.optim;

import dev.descent.optim.LrScheduler.Interval;
import dev.descent.spec.ConfigException;
import dev.descent.spec.ScheduleConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the schedule a {@link ScheduleConfig} names. Options are counted in epochs, except warm-up's
 * {@code warmupSteps} (optimizer steps, i.e. batches):
 *
 * <ul>
 *   <li>{@code step}: stepSize (epochs, required), gamma (0.1);
 *   <li>{@code exponential}: gamma (required);
 *   <li>{@code cosine}: tMax (epochs, required), etaMin (0);
 *   <li>{@code plateau}: mode ("min" or "max"), factor (0.1), patience (10), threshold (1e-4), cooldown (0), minLr (0);
 *   <li>{@code warmup}: warmupSteps (required), startFactor (1/3), after ("constant", "step", "exponential" or
 *       "cosine") with that schedule's options, counted from the end of the warm-up.
 * </ul>
 *
 * A schedule after a warm-up steps per batch with the warm-up, so its epochs become {@code stepsPerEpoch} batches
 * (exponential decays smoothly by gamma per epoch). Errors are {@link ConfigException}s naming
 * {@code schedule.<option>}.
 */
public final class Schedules {
    private Schedules() {}

    /** The options each schedule understands (warm-up also takes the options of the schedule after it). */
    public static final Map<String, List<String>> OPTIONS = Map.of(
            "step", List.of("stepSize", "gamma"),
            "exponential", List.of("gamma"),
            "cosine", List.of("tMax", "etaMin"),
            "plateau", List.of("mode", "factor", "patience", "threshold", "cooldown", "minLr"),
            "warmup", List.of("warmupSteps", "startFactor", "after"));

    private static final List<String> AFTER_WARMUP = List.of("constant", "step", "exponential", "cosine");

    public static LrScheduler create(ScheduleConfig config, LearningRates optimizer, int stepsPerEpoch) {
        if (stepsPerEpoch < 1) throw new IllegalArgumentException("steps per epoch must be >= 1, got " + stepsPerEpoch);
        return parse(config, stepsPerEpoch).apply(optimizer);
    }

    /** Checks every option of {@code config} without an optimizer. */
    public static void validate(ScheduleConfig config) {
        parse(config, 1);
    }

    private static Function<LearningRates, LrScheduler> parse(ScheduleConfig config, int stepsPerEpoch) {
        String type = config.type();
        Options o = new Options("schedule", type, config.options());
        try {
            if (!type.equals("warmup")) {
                o.allowOnly(OPTIONS.getOrDefault(type, List.of()));
                if (type.equals("plateau")) return plateau(o);
                Function<LearningRates, FormulaScheduler> f = formula(type, o, Interval.EPOCH, 1);
                return f::apply;
            }
            String after = o.choice("after", "constant", AFTER_WARMUP);
            List<String> known = new ArrayList<>(OPTIONS.get("warmup"));
            if (!after.equals("constant")) known.addAll(OPTIONS.get(after));
            new Options("schedule", "warmup then " + after, config.options()).allowOnly(known);
            int warmupSteps = o.requiredWhole("warmupSteps");
            double startFactor = o.number("startFactor", LinearWarmup.DEFAULT_START_FACTOR);
            Function<LearningRates, FormulaScheduler> next =
                    after.equals("constant") ? null : formula(after, o, Interval.BATCH, stepsPerEpoch);
            Check.atLeast("warmupSteps", "warm-up steps", 1, warmupSteps);
            Check.unitClosed("startFactor", "start factor", startFactor);
            return opt -> new LinearWarmup(opt, warmupSteps, startFactor, next == null ? null : next.apply(opt));
        } catch (HyperParameterException e) {
            throw new ConfigException(o.field(e.option()), e.getMessage());
        }
    }

    /** A formula schedule whose epoch options count {@code unitsPerEpoch} steps of {@code interval}. */
    private static Function<LearningRates, FormulaScheduler> formula(
            String type, Options o, Interval interval, int unitsPerEpoch) {
        return switch (type) {
            case "step" -> {
                int stepSize = o.requiredWhole("stepSize");
                double gamma = o.number("gamma", 0.1);
                Check.atLeast("stepSize", "step size", 1, stepSize);
                Check.positive("gamma", "gamma", gamma);
                yield opt -> new StepLR(opt, Math.multiplyExact(stepSize, unitsPerEpoch), gamma, interval);
            }
            case "exponential" -> {
                double gamma = Check.positive("gamma", "gamma", o.requiredNumber("gamma"));
                yield opt -> new ExponentialLR(opt, Math.pow(gamma, 1.0 / unitsPerEpoch), interval);
            }
            case "cosine" -> {
                int tMax = o.requiredWhole("tMax");
                double etaMin = o.number("etaMin", 0);
                Check.atLeast("tMax", "tMax", 1, tMax);
                Check.nonNegative("etaMin", "etaMin", etaMin);
                yield opt -> new CosineAnnealingLR(opt, Math.multiplyExact(tMax, unitsPerEpoch), etaMin, interval);
            }
            default ->
                throw new ConfigException(
                        "schedule.type",
                        "unknown schedule '" + type + "'; expected one of " + String.join(", ", ScheduleConfig.TYPES));
        };
    }

    private static Function<LearningRates, LrScheduler> plateau(Options o) {
        var mode = o.choice("mode", "min", List.of("min", "max")).equals("min")
                ? ReduceLROnPlateau.Mode.MIN
                : ReduceLROnPlateau.Mode.MAX;
        double factor = o.number("factor", 0.1);
        int patience = o.whole("patience", 10);
        double threshold = o.number("threshold", 1e-4);
        int cooldown = o.whole("cooldown", 0);
        double minLr = o.number("minLr", 0);
        Check.shrinkFactor("factor", "factor", factor);
        Check.atLeast("patience", "patience", 0, patience);
        Check.nonNegative("threshold", "threshold", threshold);
        Check.atLeast("cooldown", "cooldown", 0, cooldown);
        Check.nonNegative("minLr", "minimum learning rate", minLr);
        return opt -> new ReduceLROnPlateau(opt, mode, factor, patience, threshold, cooldown, minLr);
    }
}
