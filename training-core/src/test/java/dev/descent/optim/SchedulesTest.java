package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.descent.optim.LrScheduler.Interval;
import dev.descent.spec.ConfigException;
import dev.descent.spec.ScheduleConfig;
import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchedulesTest {

    private static SGD sgd(double lr) {
        return new SGD(List.of(Tensor.ones(2).requiresGrad_()), lr);
    }

    /** The learning rate before the first step and after each of the next {@code steps}. */
    private static double[] sequence(LrScheduler s, int steps) {
        double[] lrs = new double[steps + 1];
        lrs[0] = s.lr();
        for (int i = 1; i <= steps; i++) {
            s.step();
            lrs[i] = s.lr();
        }
        return lrs;
    }

    @Test
    void stepLR() {
        assertThat(sequence(new StepLR(sgd(1), 2, 0.5), 6))
                .containsExactly(new double[] {1, 1, 0.5, 0.5, 0.25, 0.25, 0.125}, within(1e-12));
    }

    @Test
    void exponentialLR() {
        assertThat(sequence(new ExponentialLR(sgd(0.1), 0.9), 3))
                .containsExactly(new double[] {0.1, 0.09, 0.081, 0.0729}, within(1e-12));
    }

    @Test
    void cosineAnnealingLR() {
        // 0.01 + 0.09 (1 + cos(π t/4)) / 2 for t = 0..4, then held at 0.01.
        assertThat(sequence(new CosineAnnealingLR(sgd(0.1), 4, 0.01), 6))
                .containsExactly(
                        new double[] {0.1, 0.0868198052, 0.055, 0.0231801948, 0.01, 0.01, 0.01}, within(1e-10));
    }

    @Test
    void linearWarmupThenConstant() {
        LinearWarmup warmup = new LinearWarmup(sgd(1), 4, 0.2, null);
        assertThat(warmup.interval()).isEqualTo(Interval.BATCH);
        assertThat(sequence(warmup, 6)).containsExactly(new double[] {0.2, 0.4, 0.6, 0.8, 1, 1, 1}, within(1e-12));
    }

    @Test
    void linearWarmupThenCosine() {
        SGD opt = sgd(1);
        var cosine = new CosineAnnealingLR(opt, 2, 0, Interval.BATCH);
        assertThat(sequence(new LinearWarmup(opt, 2, 0.5, cosine), 5))
                .containsExactly(new double[] {0.5, 0.75, 1, 0.5, 0, 0}, within(1e-12));
    }

    @Test
    void aWarmupRefusesAScheduleThatStepsPerEpoch() {
        SGD opt = sgd(1);
        assertThatThrownBy(() -> new LinearWarmup(opt, 2, 0.5, new StepLR(opt, 1, 0.5)))
                .hasMessageContaining("must step per batch like the warm-up");
    }

    @Test
    void schedulesScaleEachGroupsOwnRate() {
        SGD opt = sgd(1);
        opt.addParamGroup(List.of(Tensor.ones(1).requiresGrad_()), 0.1);
        StepLR s = new StepLR(opt, 1, 0.5);
        s.step();
        s.step();
        assertThat(opt.paramGroups().get(0).lr()).isCloseTo(0.25, within(1e-12));
        assertThat(opt.paramGroups().get(1).lr()).isCloseTo(0.025, within(1e-12));
    }

    @Test
    void reduceOnPlateauWaitsOutPatienceAndCooldownAndStopsAtMinLr() {
        SGD opt = sgd(1);
        var plateau = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Mode.MIN, 0.5, 2, 0, 1, 0.1);
        double[] metrics = {10, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9};
        double[] expected = {
            1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125, 0.125, 0.1, 0.1, 0.1, 0.1, 0.1
        };
        for (int i = 0; i < metrics.length; i++) {
            plateau.step(metrics[i]);
            assertThat(opt.lr()).as("after epoch %d", i + 1).isCloseTo(expected[i], within(1e-12));
        }
        assertThat(plateau.best()).isEqualTo(9);
    }

    @Test
    void reduceOnPlateauCountsOnlyImprovementsBeyondTheThreshold() {
        SGD opt = sgd(1);
        var plateau = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Mode.MIN, 0.5, 0, 0.01, 0, 0);
        plateau.step(9);
        plateau.step(8.95); // not below 9 * 0.99 = 8.91
        assertThat(opt.lr()).isEqualTo(0.5);
        plateau.step(8.9); // below 8.91
        assertThat(opt.lr()).isEqualTo(0.5);
        assertThat(plateau.best()).isEqualTo(8.9);
        plateau.step(Double.NaN);
        assertThat(opt.lr()).isEqualTo(0.25);
    }

    @Test
    void reduceOnPlateauInMaxModeWatchesForRises() {
        SGD opt = sgd(1);
        var plateau = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Mode.MAX, 0.1, 1, 0, 0, 0);
        for (double accuracy : new double[] {0.5, 0.6, 0.7, 0.7}) plateau.step(accuracy);
        assertThat(opt.lr()).isEqualTo(1);
        plateau.step(0.65);
        assertThat(opt.lr()).isCloseTo(0.1, within(1e-12));
        assertThatThrownBy(plateau::step).hasMessageContaining("call step(metric)");
    }

    @Test
    void aFormulaScheduleIgnoresTheMetric() {
        StepLR s = new StepLR(sgd(1), 1, 0.5);
        s.step(123);
        assertThat(s.lr()).isEqualTo(0.5);
    }

    /** Steps a schedule 3 times, saves it, restores into a fresh optimizer and schedule: the next 3 rates match. */
    private static void resumes(Function<SGD, LrScheduler> make, boolean withMetric) {
        double[] metrics = {5, 4, 4, 4, 4, 4};
        SGD a = sgd(1);
        LrScheduler sa = make.apply(a);
        for (int i = 0; i < 3; i++) step(sa, withMetric, metrics[i]);
        StateDict optimizerState = a.stateDict();
        StateDict scheduleState = sa.stateDict();

        SGD b = sgd(1);
        LrScheduler sb = make.apply(b);
        b.loadStateDict(optimizerState);
        sb.loadStateDict(scheduleState);
        assertThat(b.lr()).isEqualTo(a.lr());
        for (int i = 3; i < 6; i++) {
            step(sa, withMetric, metrics[i]);
            step(sb, withMetric, metrics[i]);
            assertThat(b.lr()).isEqualTo(a.lr());
        }
    }

    private static void step(LrScheduler s, boolean withMetric, double metric) {
        if (withMetric) s.step(metric);
        else s.step();
    }

    @Test
    void everyScheduleResumesWhereItStopped() {
        resumes(o -> new StepLR(o, 2, 0.5), false);
        resumes(o -> new ExponentialLR(o, 0.7), false);
        resumes(o -> new CosineAnnealingLR(o, 5, 0.001), false);
        resumes(o -> new LinearWarmup(o, 4, 0.1, new CosineAnnealingLR(o, 5, 0, Interval.BATCH)), false);
        resumes(o -> new ReduceLROnPlateau(o, ReduceLROnPlateau.Mode.MIN, 0.5, 1, 0, 1, 0), true);
    }

    // ---- Schedules.create ------------------------------------------------------------------------

    private static ScheduleConfig config(String type, Object... kv) {
        Map<String, Object> options = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) options.put((String) kv[i], kv[i + 1]);
        return new ScheduleConfig(type, options);
    }

    @Test
    void createBuildsEachScheduleInEpochs() {
        LrScheduler step = Schedules.create(config("step", "stepSize", 2.0, "gamma", 0.5), sgd(1), 100);
        assertThat(step).isInstanceOf(StepLR.class);
        assertThat(step.interval()).isEqualTo(Interval.EPOCH);
        assertThat(sequence(step, 2)).containsExactly(new double[] {1, 1, 0.5}, within(1e-12));

        LrScheduler exp = Schedules.create(config("exponential", "gamma", 0.5), sgd(1), 100);
        assertThat(sequence(exp, 1)).containsExactly(new double[] {1, 0.5}, within(1e-12));

        LrScheduler cosine = Schedules.create(config("cosine", "tMax", 2.0), sgd(1), 100);
        assertThat(sequence(cosine, 2)).containsExactly(new double[] {1, 0.5, 0}, within(1e-12));

        LrScheduler plateau = Schedules.create(config("plateau", "patience", 0.0, "mode", "max"), sgd(1), 100);
        plateau.step(1);
        plateau.step(0.5);
        assertThat(plateau.lr()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void createTurnsEpochsIntoBatchesAfterAWarmup() {
        // 3 batches per epoch: warm-up over 2 batches, then a cosine over 1 epoch = 3 batches.
        LrScheduler s = Schedules.create(
                config("warmup", "warmupSteps", 2.0, "startFactor", 0.5, "after", "cosine", "tMax", 1.0), sgd(1), 3);
        assertThat(s.interval()).isEqualTo(Interval.BATCH);
        assertThat(sequence(s, 6)).containsExactly(new double[] {0.5, 0.75, 1, 0.75, 0.25, 0, 0}, within(1e-12));

        // Exponential after a warm-up decays smoothly, by gamma per epoch (2 batches here).
        LrScheduler e = Schedules.create(
                config("warmup", "warmupSteps", 1.0, "startFactor", 1.0, "after", "exponential", "gamma", 0.25),
                sgd(1),
                2);
        assertThat(sequence(e, 3)).containsExactly(new double[] {1, 1, 0.5, 0.25}, within(1e-12));

        LrScheduler st = Schedules.create(
                config("warmup", "warmupSteps", 1.0, "startFactor", 1.0, "after", "step", "stepSize", 1.0), sgd(1), 2);
        assertThat(sequence(st, 4)).containsExactly(new double[] {1, 1, 1, 0.1, 0.1}, within(1e-12));

        LrScheduler constant = Schedules.create(config("warmup", "warmupSteps", 3.0), sgd(0.3), 2);
        assertThat(sequence(constant, 4))
                .containsExactly(new double[] {0.1, 0.1 + 0.2 / 3, 0.1 + 0.4 / 3, 0.3, 0.3}, within(1e-12));
    }

    /**
     * An engine whose optimizer lives elsewhere hands a schedule a lone learning rate; it moves as an optimizer's
     * would.
     */
    @Test
    void aScheduleDrivesALoneLearningRateAsItDrivesAnOptimizer() {
        List<ScheduleConfig> configs = List.of(
                config("step", "stepSize", 2.0, "gamma", 0.5),
                config("cosine", "tMax", 3.0, "etaMin", 0.01),
                config("warmup", "warmupSteps", 3.0, "after", "exponential", "gamma", 0.5));
        for (ScheduleConfig c : configs) {
            LearningRates.Single lone = LearningRates.single(0.2);
            assertThat(sequence(Schedules.create(c, lone, 2), 7))
                    .as(c.type())
                    .containsExactly(sequence(Schedules.create(c, sgd(0.2), 2), 7));
            assertThat(lone.initialLr()).isEqualTo(0.2);
        }
        LearningRates.Single lone = LearningRates.single(1);
        LrScheduler plateau = Schedules.create(config("plateau", "patience", 0.0), lone, 10);
        plateau.step(1);
        plateau.step(2);
        assertThat(lone.lr()).isCloseTo(0.1, within(1e-12));
        assertThatThrownBy(() -> lone.setLr(-1)).hasMessage("learning rate must be >= 0, got -1");
        assertThatThrownBy(() -> LearningRates.single(0)).hasMessage("learning rate must be > 0, got 0");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "step: no stepSize              | schedule.stepSize    | is required for step",
                "step: stepSize 0               | schedule.stepSize    | step size must be >= 1, got 0",
                "step: gamma -1                 | schedule.gamma       | gamma must be > 0, got -1",
                "step: foo                      | schedule.foo         | unknown option for step; known: stepSize, gamma",
                "exponential: no gamma          | schedule.gamma       | is required for exponential",
                "cosine: tMax 1.5               | schedule.tMax        | must be a whole number, got 1.5",
                "cosine: etaMin -1              | schedule.etaMin      | etaMin must be >= 0, got -1",
                "plateau: factor 1.5            | schedule.factor      | factor must be in (0, 1), got 1.5",
                "plateau: patience -1           | schedule.patience    | patience must be >= 0, got -1",
                "plateau: mode sideways         | schedule.mode        | must be one of min, max, got \"sideways\"",
                "warmup: no warmupSteps         | schedule.warmupSteps | is required for warmup",
                "warmup: startFactor 2          | schedule.startFactor | start factor must be in [0, 1], got 2",
                "warmup: after cosine, no tMax  | schedule.tMax        | is required for warmup",
                "warmup: after plateau          | schedule.after       | must be one of constant, step, exponential, cosine, got \"plateau\"",
                "warmup: gamma without after    | schedule.gamma       | unknown option for warmup then constant; known: warmupSteps, startFactor, after",
            })
    void configErrorsNameTheField(String description, String field, String reason) {
        ScheduleConfig config = switch (description.trim()) {
            case "step: no stepSize" -> config("step", "gamma", 0.5);
            case "step: stepSize 0" -> config("step", "stepSize", 0.0);
            case "step: gamma -1" -> config("step", "stepSize", 2.0, "gamma", -1.0);
            case "step: foo" -> config("step", "stepSize", 2.0, "foo", 1.0);
            case "exponential: no gamma" -> config("exponential");
            case "cosine: tMax 1.5" -> config("cosine", "tMax", 1.5);
            case "cosine: etaMin -1" -> config("cosine", "tMax", 10.0, "etaMin", -1.0);
            case "plateau: factor 1.5" -> config("plateau", "factor", 1.5);
            case "plateau: patience -1" -> config("plateau", "patience", -1.0);
            case "plateau: mode sideways" -> config("plateau", "mode", "sideways");
            case "warmup: no warmupSteps" -> config("warmup");
            case "warmup: startFactor 2" -> config("warmup", "warmupSteps", 10.0, "startFactor", 2.0);
            case "warmup: after cosine, no tMax" -> config("warmup", "warmupSteps", 10.0, "after", "cosine");
            case "warmup: after plateau" -> config("warmup", "warmupSteps", 10.0, "after", "plateau");
            case "warmup: gamma without after" -> config("warmup", "warmupSteps", 10.0, "gamma", 0.5);
            default -> throw new IllegalArgumentException(description);
        };
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Schedules.validate(config));
        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.reason()).isEqualTo(reason);
        ConfigException created =
                catchThrowableOfType(ConfigException.class, () -> Schedules.create(config, sgd(1), 10));
        assertThat(created).isNotNull();
        assertThat(created.getMessage()).isEqualTo(e.getMessage());
    }
}
