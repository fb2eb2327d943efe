package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.data.DataSplits;
import dev.descent.data.Synthetic;
import dev.descent.data.TensorDataset;
import dev.descent.spec.BuiltinModels;
import dev.descent.spec.CancellationToken;
import dev.descent.spec.Checkpoint;
import dev.descent.spec.ConfigException;
import dev.descent.spec.MetricPoint;
import dev.descent.spec.ModelPlan;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.OptimizerConfig;
import dev.descent.spec.ScheduleConfig;
import dev.descent.spec.TrainConfig;
import dev.descent.spec.TrainJob;
import dev.descent.spec.TrainResult;
import dev.descent.spec.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TrainerTest {
    static final ModelSpec MLP = ModelSpec.fromJson("""
            {"name": "blob-mlp", "input": [2],
             "layers": [{"type": "linear", "out": 32}, {"type": "tanh"}, {"type": "dropout", "p": 0.1},
                        {"type": "linear", "out": 3}],
             "loss": "cross_entropy"}""");
    static final DataSplits BLOBS = blobs();

    /** One draw of three blobs, split 600/300 (a second draw would place the centers elsewhere). */
    static DataSplits blobs() {
        TensorDataset all = Synthetic.blobs(900, 3, 1.0, 1);
        int[] train = java.util.stream.IntStream.range(0, 600).toArray(),
                test = java.util.stream.IntStream.range(600, 900).toArray();
        return new DataSplits("blobs", all.subset(train), all.subset(test));
    }

    static TrainConfig config(String optimizer, double lr, int epochs) {
        return TrainConfig.of(OptimizerConfig.of(optimizer, lr))
                .withBatchSize(32)
                .withEpochs(epochs)
                .withSeed(7)
                .withValSplit(0.2);
    }

    /** Collects every metric point and checkpoint. */
    static class Recorder implements TrainingListener {
        final Map<String, TreeMap<Long, Double>> series = new TreeMap<>();
        final List<Checkpoint> checkpoints = new ArrayList<>();
        final List<Integer> epochs = new ArrayList<>();

        @Override
        public void onMetrics(List<MetricPoint> points) {
            for (MetricPoint p : points) {
                Double previous =
                        series.computeIfAbsent(p.key(), k -> new TreeMap<>()).put(p.step(), p.value());
                assertThat(previous)
                        .as("%s at step %d reported twice", p.key(), p.step())
                        .isNull();
            }
        }

        @Override
        public void onEpochEnd(int epoch, long step) {
            epochs.add(epoch);
        }

        @Override
        public void onCheckpoint(Checkpoint c) {
            checkpoints.add(c);
        }
    }

    static TrainResult train(
            TrainConfig config, TrainingListener listener, CancellationToken cancel, Checkpoint resume) {
        return new NativeEngine().train(new TrainJob(MLP, config, BLOBS, resume), listener, cancel);
    }

    @Test
    void learnsAndReportsTheDesignMetrics() {
        Recorder r = new Recorder();
        TrainResult result = train(config("adam", 0.02, 8), r, null, null);
        assertThat(result.status()).isEqualTo(TrainResult.Status.SUCCEEDED);
        assertThat(result.metrics().get("test/accuracy")).isGreaterThan(0.9);
        assertThat(r.series.get("val/loss").lastEntry().getValue())
                .isLessThan(r.series.get("val/loss").firstEntry().getValue());
        assertThat(result.epochSeconds()).hasSize(8);
        assertThat(result.parameters()).isEqualTo(2 * 32 + 32 + 32 * 3 + 3);
        assertThat(r.series)
                .containsKeys(
                        "train/loss",
                        "train/accuracy",
                        "lr",
                        "grad_norm",
                        "val/loss",
                        "val/accuracy",
                        "test/loss",
                        "test/accuracy",
                        "throughput/samples_per_s",
                        "sys/heap_mb");
        int stepsPerEpoch = Math.ceilDiv(480, 32);
        assertThat(r.series.get("train/loss")).hasSize(8 * stepsPerEpoch);
        assertThat(r.series.get("train/loss").firstKey()).isEqualTo(1L);
        assertThat(r.series.get("val/loss").keySet()).containsExactly(15L, 30L, 45L, 60L, 75L, 90L, 105L, 120L);
        assertThat(r.checkpoints).hasSize(8);
        assertThat(r.epochs).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void theSameSeedGivesTheSameCurve() {
        Recorder a = new Recorder(), b = new Recorder();
        train(config("sgd", 0.1, 2), a, null, null);
        train(config("sgd", 0.1, 2), b, null, null);
        assertThat(a.series.get("train/loss")).isEqualTo(b.series.get("train/loss"));
        Recorder c = new Recorder();
        train(config("sgd", 0.1, 2).withSeed(8), c, null, null);
        assertThat(c.series.get("train/loss")).isNotEqualTo(a.series.get("train/loss"));
    }

    @Test
    void resumingFromAnEpochCheckpointContinuesTheSameCurve() {
        Recorder straight = new Recorder();
        TrainConfig config = config("rmsprop", 0.005, 4)
                .withSchedule(new ScheduleConfig("step", Map.of("stepSize", 1.0, "gamma", 0.7)));
        train(config, straight, null, null);

        Recorder first = new Recorder();
        train(config.withEpochs(2), first, null, null);
        Recorder second = new Recorder();
        train(config, second, null, first.checkpoints.get(1));

        TreeMap<Long, Double> joined = new TreeMap<>(first.series.get("train/loss"));
        joined.putAll(second.series.get("train/loss"));
        assertThat(second.series.get("train/loss").firstKey()).isEqualTo(31L);
        assertThat(joined).isEqualTo(straight.series.get("train/loss"));
        assertThat(second.series.get("lr")).isEqualTo(straight.series.get("lr").tailMap(31L));
    }

    @Test
    void cancellingCheckpointsMidEpochAndResumingRepeatsTheCurve() {
        Recorder straight = new Recorder();
        train(config("momentum", 0.05, 2), straight, null, null);

        CancellationToken cancel = new CancellationToken();
        Recorder interrupted = new Recorder() {
            @Override
            public void onMetrics(List<MetricPoint> points) {
                super.onMetrics(points);
                if (series.get("train/loss") != null && series.get("train/loss").size() == 20)
                    cancel.cancel(CancellationToken.Cause.USER, "test");
            }
        };
        TrainResult stopped = train(config("momentum", 0.05, 2), interrupted, cancel, null);
        assertThat(stopped.status()).isEqualTo(TrainResult.Status.CANCELLED);
        assertThat(stopped.message()).isEqualTo("cancelled: test");
        Checkpoint last = interrupted.checkpoints.getLast();
        assertThat(last.step()).isEqualTo(20);

        Recorder resumed = new Recorder();
        train(config("momentum", 0.05, 2), resumed, null, last);
        TreeMap<Long, Double> joined = new TreeMap<>(interrupted.series.get("train/loss"));
        joined.putAll(resumed.series.get("train/loss"));
        assertThat(resumed.series.get("train/loss").firstKey()).isEqualTo(21L);
        assertThat(joined).isEqualTo(straight.series.get("train/loss"));
        // The interrupted epoch's loss and accuracy count the batches before the interruption too.
        assertThat(resumed.series.get("train/epoch_loss"))
                .isEqualTo(straight.series.get("train/epoch_loss").tailMap(21L));
        assertThat(resumed.series.get("train/epoch_accuracy"))
                .isEqualTo(straight.series.get("train/epoch_accuracy").tailMap(21L));
    }

    @Test
    void aResumedRunsResultTimesEveryEpochOfEveryAttempt() {
        CancellationToken cancel = new CancellationToken();
        Recorder interrupted = new Recorder() {
            @Override
            public void onMetrics(List<MetricPoint> points) {
                super.onMetrics(points);
                if (series.get("train/loss") != null && series.get("train/loss").size() == 20)
                    cancel.cancel(CancellationToken.Cause.SHUTDOWN, "test");
            }
        };
        TrainResult stopped = train(config("momentum", 0.05, 3), interrupted, cancel, null);
        assertThat(stopped.epochSeconds())
                .as("15 steps an epoch: one done before step 20")
                .hasSize(1);

        TrainResult resumed =
                train(config("momentum", 0.05, 3), new Recorder(), null, interrupted.checkpoints.getLast());

        assertThat(resumed.status()).isEqualTo(TrainResult.Status.SUCCEEDED);
        assertThat(resumed.epochs()).isEqualTo(3);
        assertThat(resumed.epochSeconds())
                .hasSize(3)
                .allSatisfy(s -> assertThat(s).isPositive());
        assertThat(resumed.epochSeconds().getFirst())
                .isEqualTo(stopped.epochSeconds().getFirst());
        assertThat(resumed.samplesPerSecond()).isPositive();
    }

    @Test
    void aDivergingRunStopsWithTheStep() {
        DataSplits parabola = new DataSplits("parabola", Synthetic.parabola(100, 0.0, 3), null);
        TrainConfig config =
                TrainConfig.of(OptimizerConfig.of("sgd", 50)).withBatchSize(10).withEpochs(5);
        TrainResult r = new NativeEngine()
                .train(new TrainJob(BuiltinModels.builtin("curve-fit"), config, parabola, null), new Recorder(), null);
        assertThat(r.status()).isEqualTo(TrainResult.Status.DIVERGED);
        assertThat(r.message()).matches("diverged at step \\d+");
    }

    @Test
    void earlyStoppingEndsARunThatStopsImproving() {
        TrainResult r = train(config("sgd", 1e-9, 20).withEarlyStopping(2), new Recorder(), null, null);
        assertThat(r.status()).isIn(TrainResult.Status.EARLY_STOPPED, TrainResult.Status.SUCCEEDED);
        TrainResult stuck = train(config("sgd", 0.0000000001, 20).withEarlyStopping(1), new Recorder(), null, null);
        assertThat(stuck.epochs()).isLessThan(20);
        assertThat(stuck.status()).isEqualTo(TrainResult.Status.EARLY_STOPPED);
        assertThat(stuck.metrics()).containsKey("test/accuracy");
    }

    /**
     * The best loss and the epochs since it travel in the checkpoint: a resumed run stops where the uninterrupted one
     * does.
     */
    @Test
    void resumingKeepsTheEarlyStoppingCount() {
        TrainConfig stuck = config("sgd", 1e-10, 20).withEarlyStopping(3);
        Recorder straight = new Recorder();
        TrainResult whole = train(stuck, straight, null, null);
        assertThat(whole.status()).isEqualTo(TrainResult.Status.EARLY_STOPPED);
        assertThat(whole.epochs()).isEqualTo(4);

        // After epoch 3 two epochs have passed without a better loss; one more ends the run.
        Recorder resumed = new Recorder();
        TrainResult rest = train(stuck, resumed, null, straight.checkpoints.get(2));
        assertThat(rest.status()).isEqualTo(TrainResult.Status.EARLY_STOPPED);
        assertThat(rest.epochs()).isEqualTo(whole.epochs());
        assertThat(rest.steps()).isEqualTo(whole.steps());
        assertThat(rest.message()).isEqualTo(whole.message());
    }

    /**
     * Seed, validation split and batch size fix which examples are validation and the batch order: a resume must keep
     * them.
     */
    @Test
    void resumingWithAnotherSeedSplitOrBatchSizeIsRefused() {
        Recorder first = new Recorder();
        TrainConfig config = config("sgd", 0.1, 1);
        train(config, first, null, null);
        Checkpoint saved = first.checkpoints.getFirst();

        assertThatThrownBy(() -> train(config.withSeed(8).withEpochs(2), new Recorder(), null, saved))
                .hasMessage(
                        "checkpoint was saved with seed 7, valSplit 0.2, batchSize 32 but this run has seed 8, valSplit 0.2, batchSize 32; "
                                + "resume with the ones it was trained with (they fix the validation split and the batch order)");
        assertThatThrownBy(() -> train(config.withValSplit(0.1).withEpochs(2), new Recorder(), null, saved))
                .hasMessageContaining("valSplit 0.1");
        assertThatThrownBy(() -> train(config.withBatchSize(16).withEpochs(2), new Recorder(), null, saved))
                .hasMessageContaining("batchSize 16");
        assertThat(train(config.withEpochs(2), new Recorder(), null, saved).steps())
                .isEqualTo(2 * 15); // more epochs are fine
    }

    @Test
    void aCheckpointOfTheOtherEngineSaysWhichEngineWroteIt() {
        byte[] djl = dev.descent.io.Safetensors.write(
                Map.of(), Map.of("format", "descent-djl/1", "engine", "djl", "epoch", "1", "step", "15"));
        assertThatThrownBy(() -> train(config("sgd", 0.1, 2), new Recorder(), null, Checkpoint.of(djl)))
                .hasMessage("checkpoint was written by the djl engine; resume it with engine 'djl'");
    }

    @Test
    void aTrainerTakesOnlyThePlanOfItsJobsSpec() {
        TrainJob job = new TrainJob(MLP, config("sgd", 0.1, 1), BLOBS, null);
        ModelPlan other = ModelPlan.of(BuiltinModels.builtin("curve-fit"));
        assertThatThrownBy(() -> new Trainer(job, other, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the plan is not of the job's model spec");
        assertThat(new Trainer(job, ModelPlan.of(MLP), null, null).run().status())
                .isEqualTo(TrainResult.Status.SUCCEEDED);
    }

    @Test
    void theCurveFitRegressionReachesALowError() {
        ModelSpec spec = BuiltinModels.builtin("curve-fit");
        DataSplits parabola =
                new DataSplits("parabola", Synthetic.parabola(200, 0.0, 3), Synthetic.parabola(100, 0.0, 4));
        TrainConfig config = TrainConfig.of(OptimizerConfig.of("adam", 0.02))
                .withBatchSize(200)
                .withEpochs(600)
                .withSeed(1);
        TrainResult r =
                new NativeEngine().train(new TrainJob(spec, config, parabola, null), TrainingListener.NONE, null);
        assertThat(r.metrics().get("test/loss")).isLessThan(0.002);
        assertThat(r.metrics()).doesNotContainKey("test/accuracy");
    }

    @Test
    void badJobsFailBeforeTraining() {
        NativeEngine engine = new NativeEngine();
        assertThatThrownBy(() -> engine.validate(MLP, config("sgd", 0.1, 1).withDevice("cuda")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("device"));
        assertThatThrownBy(() -> engine.validate(
                        MLP, TrainConfig.of(OptimizerConfig.of("adam", 0.1).with("beta1", 2.0))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("optimizer.beta1");
        ModelSpec wrongInput = ModelSpec.fromJson("{\"input\": [5], \"layers\": [{\"type\": \"linear\", \"out\": 3}]}");
        assertThatThrownBy(() -> engine.train(
                        new TrainJob(wrongInput, config("sgd", 0.1, 1), BLOBS, null), TrainingListener.NONE, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[2]")
                .hasMessageContaining("expects input [5]");
    }
}
