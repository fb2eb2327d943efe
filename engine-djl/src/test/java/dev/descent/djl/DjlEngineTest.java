package dev.descent.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.descent.data.DataSplits;
import dev.descent.spec.CancellationToken;
import dev.descent.spec.Checkpoint;
import dev.descent.spec.ConfigException;
import dev.descent.spec.MetricPoint;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.OptimizerConfig;
import dev.descent.spec.TrainConfig;
import dev.descent.spec.TrainJob;
import dev.descent.spec.TrainResult;
import dev.descent.spec.TrainingEngine;
import dev.descent.spec.TrainingEngines;
import dev.descent.spec.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DjlEngineTest {
    static final ModelSpec MLP = ModelSpec.fromJson("""
            {"name": "mlp", "input": [8], "layers": [
              {"type": "linear", "out": 32}, {"type": "relu"}, {"type": "dropout", "p": 0.1}, {"type": "linear", "out": 4}],
             "loss": "cross_entropy"}""");
    static final DataSplits BLOBS =
            new DataSplits("blobs", TestSets.blobs(1200, 4, 8, 1), TestSets.blobs(400, 4, 8, 2));

    final TrainingEngine engine = TrainingEngines.get("djl");

    @BeforeAll
    static void natives() {
        assumeThat(DjlEngine.unavailableReason()).as("libtorch natives").isNull();
    }

    /** Records every metric point and checkpoint. */
    static class Recorder implements TrainingListener {
        final List<MetricPoint> points = new ArrayList<>();
        final List<Checkpoint> checkpoints = new ArrayList<>();
        final List<Integer> epochs = new ArrayList<>();

        @Override
        public void onMetrics(List<MetricPoint> p) {
            points.addAll(p);
        }

        @Override
        public void onCheckpoint(Checkpoint c) {
            checkpoints.add(c);
        }

        @Override
        public void onEpochEnd(int epoch, long step) {
            epochs.add(epoch);
        }

        List<Double> values(String key) {
            return points.stream()
                    .filter(p -> p.key().equals(key))
                    .map(MetricPoint::value)
                    .toList();
        }
    }

    static TrainConfig config(OptimizerConfig optimizer) {
        return TrainConfig.of(optimizer)
                .withEngine("djl")
                .withBatchSize(32)
                .withEpochs(3)
                .withSeed(7);
    }

    @Test
    void trainsAnMlpAndLowersTheLoss() {
        Recorder r = new Recorder();
        TrainResult result = engine.train(
                new TrainJob(MLP, config(OptimizerConfig.of("adam", 0.01)).withValSplit(0.2), BLOBS, null),
                r,
                new CancellationToken());

        assertThat(result.status()).isEqualTo(TrainResult.Status.SUCCEEDED);
        List<Double> losses = r.values("train/loss");
        assertThat(losses.getLast()).isLessThan(losses.getFirst() * 0.5);
        assertThat(result.metrics().get("test/accuracy")).isGreaterThan(0.9);
        assertThat(r.values("val/loss")).hasSize(3);
        assertThat(r.values("val/accuracy")).hasSize(3);
        assertThat(r.values("train/epoch_accuracy")).hasSize(3);
        assertThat(r.values("train/accuracy")).hasSize(90);
        assertThat(r.values("throughput/samples_per_s")).hasSize(3).allMatch(v -> v > 0);
        assertThat(r.values("sys/heap_mb")).hasSize(3);
        assertThat(r.values("lr")).allMatch(v -> v == 0.01);
        assertThat(r.values("grad_norm")).allMatch(v -> v > 0 && Double.isFinite(v));
        assertThat(r.checkpoints).hasSize(3);
        assertThat(r.epochs).containsExactly(1, 2, 3);
        assertThat(result.parameters()).isEqualTo(8 * 32 + 32 + 32 * 4 + 4);
        assertThat(result.steps()).isEqualTo(3 * 30); // 960 training samples in batches of 32
    }

    @Test
    void theSameSeedGivesTheSameCurve() {
        TrainConfig c = config(OptimizerConfig.of("sgd", 0.05).with("momentum", 0.9));
        Recorder a = new Recorder(), b = new Recorder(), other = new Recorder();
        engine.train(new TrainJob(MLP, c, BLOBS, null), a, null);
        engine.train(new TrainJob(MLP, c, BLOBS, null), b, null);
        engine.train(new TrainJob(MLP, c.withSeed(8), BLOBS, null), other, null);

        assertThat(b.values("train/loss")).isEqualTo(a.values("train/loss"));
        assertThat(other.values("train/loss")).isNotEqualTo(a.values("train/loss"));
    }

    @Test
    void validateRejectsWhatItCannotRunNamingTheField() {
        ModelSpec swish = new ModelSpec(
                "x",
                new int[] {8},
                List.of(
                        new dev.descent.spec.LayerSpec.Linear(4, true),
                        new dev.descent.spec.LayerSpec.Activation("swish", 0, -1, "none")),
                "mse",
                "{}");
        TrainConfig ok = config(OptimizerConfig.of("adam", 1e-3));

        assertThatThrownBy(() -> engine.validate(swish, ok))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.field()).isEqualTo("layers[1].type"));
        assertThatThrownBy(() -> engine.validate(MLP, config(OptimizerConfig.of("lbfgs", 1))))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.field()).isEqualTo("optimizer.type"));
        assertThatThrownBy(() -> engine.validate(
                        MLP, config(OptimizerConfig.of("adam", 1e-3).with("beta3", 0.5))))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.field()).isEqualTo("optimizer.beta3"));
        assertThatThrownBy(() -> engine.validate(
                        MLP, config(OptimizerConfig.of("adam", 1e-3).with("beta1", 1.5))))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.field()).isEqualTo("optimizer.beta1"));
        assertThatThrownBy(() -> engine.validate(MLP, ok.withDevice("cuda")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.field()).isEqualTo("device"));
        ModelSpec conv = ModelSpec.fromJson("""
                {"input": [8], "layers": [{"type": "conv2d", "out": 4, "kernel": 3}]}""");
        // The native engine's shape checks, word for word.
        ConfigException expected = org.assertj.core.api.Assertions.catchThrowableOfType(
                ConfigException.class, () -> TrainingEngines.get("native").validate(conv, ok));
        assertThat(expected.field()).isEqualTo("layers[0]");
        assertThatThrownBy(() -> engine.validate(conv, ok))
                .isInstanceOf(ConfigException.class)
                .hasMessage(expected.getMessage());
    }

    @Test
    void cancellationStopsWithinABatchAndLeavesACheckpointThatResumes() {
        TrainConfig c = config(OptimizerConfig.of("rmsprop", 0.005));
        CancellationToken cancel = new CancellationToken();
        Recorder r = new Recorder() {
            @Override
            public void onMetrics(List<MetricPoint> p) {
                super.onMetrics(p);
                if (values("train/loss").size() == 40) cancel.cancel(CancellationToken.Cause.USER, "user asked");
            }
        };
        TrainResult stopped = engine.train(new TrainJob(MLP, c, BLOBS, null), r, cancel);

        assertThat(stopped.status()).isEqualTo(TrainResult.Status.CANCELLED);
        assertThat(stopped.message()).isEqualTo("cancelled: user asked");
        assertThat(stopped.steps()).isEqualTo(40);
        Checkpoint last = r.checkpoints.getLast();
        assertThat(last.epoch()).isEqualTo(1);
        assertThat(last.step()).isEqualTo(40);

        Recorder resumed = new Recorder(), straight = new Recorder();
        TrainResult finished = engine.train(new TrainJob(MLP, c, BLOBS, last), resumed, null);
        engine.train(new TrainJob(MLP, c, BLOBS, null), straight, null);

        assertThat(finished.status()).isEqualTo(TrainResult.Status.SUCCEEDED);
        assertThat(finished.steps()).isEqualTo(3 * 38); // 1200 samples in batches of 32
        // Its result times every epoch, the one before the interruption included.
        assertThat(finished.epochSeconds())
                .hasSize(3)
                .allSatisfy(s -> assertThat(s).isPositive());
        assertThat(finished.epochSeconds().getFirst())
                .isEqualTo(stopped.epochSeconds().getFirst());
        // The resumed run continues the same curve: same shuffles, same dropout masks, same optimizer state.
        List<Double> tail = straight.values("train/loss").subList(40, 3 * 38);
        assertThat(resumed.values("train/loss")).isEqualTo(tail);
        // The interrupted epoch's loss and accuracy count the batches before the interruption too.
        assertThat(resumed.values("train/epoch_loss"))
                .isEqualTo(straight.values("train/epoch_loss").subList(1, 3));
        assertThat(resumed.values("train/epoch_accuracy"))
                .isEqualTo(straight.values("train/epoch_accuracy").subList(1, 3));
    }

    @Test
    void checkpointsAreSafetensorsWithPyTorchNamesAndRefuseAnotherModel() {
        Recorder r = new Recorder();
        engine.train(new TrainJob(MLP, config(OptimizerConfig.of("adam", 0.01)).withEpochs(1), BLOBS, null), r, null);
        Checkpoint cp = r.checkpoints.getFirst();
        var contents = dev.descent.io.Safetensors.read(cp.bytes());

        assertThat(contents.tensors().keySet())
                .containsExactly(
                        "model.0.weight",
                        "model.0.bias",
                        "model.3.weight",
                        "model.3.bias",
                        "optim.0.weight.exp_avg",
                        "optim.0.weight.exp_avg_sq",
                        "optim.0.bias.exp_avg",
                        "optim.0.bias.exp_avg_sq",
                        "optim.3.weight.exp_avg",
                        "optim.3.weight.exp_avg_sq",
                        "optim.3.bias.exp_avg",
                        "optim.3.bias.exp_avg_sq");
        assertThat(contents.tensors().get("model.0.weight").sizes()).containsExactly(32, 8);
        assertThat(contents.metadata())
                .containsEntry("epoch", "1")
                .containsEntry("step", "38")
                .containsEntry("seed", "7")
                .containsEntry("optimizer.steps", "38")
                .containsEntry("engine", "djl");
        assertThat(cp.epoch()).isEqualTo(1);

        ModelSpec wider = ModelSpec.fromJson(MLP.json().replace("\"out\":32", "\"out\":64"));
        assertThatThrownBy(() -> engine.train(
                        new TrainJob(wider, config(OptimizerConfig.of("adam", 0.01)), BLOBS, cp), null, null))
                .hasMessage("checkpoint: model.0.weight is shaped [32, 8] but this model needs [64, 8]");
    }

    @Test
    void schedulesSetTheLearningRatePerEpochOrStep() {
        TrainConfig stepDecay = config(OptimizerConfig.of("sgd", 0.1))
                .withSchedule(
                        new dev.descent.spec.ScheduleConfig("step", java.util.Map.of("stepSize", 1, "gamma", 0.5)));
        Recorder r = new Recorder();
        engine.train(new TrainJob(MLP, stepDecay, BLOBS, null), r, null);
        assertThat(r.values("lr").stream().distinct().toList()).containsExactly(0.1, 0.05, 0.025);

        TrainConfig warmup = config(OptimizerConfig.of("sgd", 0.1))
                .withEpochs(1)
                .withSchedule(new dev.descent.spec.ScheduleConfig("warmup", java.util.Map.of("warmupSteps", 10)));
        Recorder w = new Recorder();
        engine.train(new TrainJob(MLP, warmup, BLOBS, null), w, null);
        // Linear warm-up from a third of the rate (training-core's default start factor) over 10 steps.
        List<Double> firstSteps = w.values("lr").subList(0, 3);
        for (int i = 0; i < 3; i++)
            assertThat(firstSteps.get(i))
                    .isCloseTo(0.1 * (1.0 / 3 + 2.0 / 3 * i / 10), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(w.values("lr").subList(10, 13)).containsOnly(0.1);

        assertThatThrownBy(() -> engine.validate(
                        MLP,
                        config(OptimizerConfig.of("sgd", 0.1))
                                .withSchedule(new dev.descent.spec.ScheduleConfig("step", java.util.Map.of()))))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("schedule.stepSize: is required for step"));
    }

    @Test
    void divergenceStopsTheRunNamingTheStep() {
        ModelSpec regression = ModelSpec.fromJson("""
                {"input": [4], "layers": [{"type": "linear", "out": 16}, {"type": "relu"}, {"type": "linear", "out": 1}], "loss": "mse"}""");
        DataSplits data = new DataSplits("linear", TestSets.linear(256, 4, 3), null);
        TrainResult result = engine.train(
                new TrainJob(regression, config(OptimizerConfig.of("sgd", 1e4)), data, null), new Recorder(), null);

        assertThat(result.status()).isEqualTo(TrainResult.Status.DIVERGED);
        assertThat(result.message()).matches("diverged at step \\d+");
    }

    @Test
    void earlyStoppingEndsARunThatStopsImproving() {
        ModelSpec regression = ModelSpec.fromJson("""
                {"input": [4], "layers": [{"type": "linear", "out": 1}], "loss": "mse"}""");
        DataSplits data = new DataSplits("linear", TestSets.linear(256, 4, 3), null);
        TrainConfig c = config(OptimizerConfig.of("sgd", 0.5))
                .withEpochs(50)
                .withValSplit(0.25)
                .withEarlyStopping(2);
        TrainResult result = engine.train(new TrainJob(regression, c, data, null), new Recorder(), null);

        assertThat(result.status()).isEqualTo(TrainResult.Status.EARLY_STOPPED);
        assertThat(result.epochs()).isLessThan(50);
        assertThat(result.metrics().get("val/loss")).isLessThan(0.1);
    }

    @Test
    void resumingKeepsTheEarlyStoppingCount() {
        ModelSpec regression = ModelSpec.fromJson("""
                {"input": [4], "layers": [{"type": "linear", "out": 1}], "loss": "mse"}""");
        DataSplits data = new DataSplits("linear", TestSets.linear(256, 4, 3), null);
        // A rate too small to move float32 weights: the validation loss stays put and the run stops after 1 + 3 epochs.
        TrainConfig c = config(OptimizerConfig.of("sgd", 1e-10))
                .withEpochs(20)
                .withValSplit(0.25)
                .withEarlyStopping(3);
        Recorder straight = new Recorder();
        TrainResult whole = engine.train(new TrainJob(regression, c, data, null), straight, null);
        assertThat(whole.status()).isEqualTo(TrainResult.Status.EARLY_STOPPED);
        assertThat(whole.epochs()).isEqualTo(4);

        TrainResult rest =
                engine.train(new TrainJob(regression, c, data, straight.checkpoints.get(2)), new Recorder(), null);
        assertThat(rest.status()).isEqualTo(TrainResult.Status.EARLY_STOPPED);
        assertThat(rest.epochs()).isEqualTo(whole.epochs());
        assertThat(rest.steps()).isEqualTo(whole.steps());
    }

    @Test
    void resumingWithAnotherSeedSplitOrBatchSizeIsRefused() {
        Recorder r = new Recorder();
        TrainConfig c = config(OptimizerConfig.of("sgd", 0.1)).withEpochs(1);
        engine.train(new TrainJob(MLP, c, BLOBS, null), r, null);
        Checkpoint saved = r.checkpoints.getFirst();
        assertThatThrownBy(() -> engine.train(new TrainJob(MLP, c.withEpochs(2).withSeed(8), BLOBS, saved), null, null))
                .hasMessage(
                        "checkpoint was saved with seed 7, valSplit 0.0, batchSize 32 but this run has seed 8, valSplit 0.0, batchSize 32; "
                                + "resume with the ones it was trained with (they fix the validation split and the batch order)");
        assertThatThrownBy(() ->
                        engine.train(new TrainJob(MLP, c.withEpochs(2).withBatchSize(64), BLOBS, saved), null, null))
                .hasMessageContaining("batchSize 64");
    }

    @Test
    void aCheckpointOfTheNativeEngineSaysWhichEngineWroteIt() {
        DjlEngineTest.Recorder r = new Recorder();
        TrainConfig c = config(OptimizerConfig.of("sgd", 0.1)).withEpochs(1);
        TrainingEngines.get("native").train(new TrainJob(MLP, c.withEngine("native"), BLOBS, null), r, null);
        assertThatThrownBy(() ->
                        engine.train(new TrainJob(MLP, c.withEpochs(2), BLOBS, r.checkpoints.getFirst()), null, null))
                .hasMessage("checkpoint was written by the native engine; resume it with engine 'native'");
    }
}
