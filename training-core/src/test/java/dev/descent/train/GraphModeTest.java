package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.spec.ConfigException;
import dev.descent.spec.ModelPlan;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.ScheduleConfig;
import dev.descent.spec.TrainConfig;
import dev.descent.spec.TrainJob;
import dev.descent.spec.TrainResult;
import dev.descent.train.TrainerTest.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --mode graph} against eager mode: the same run, metric for metric, bit for bit. */
class GraphModeTest {
    /** Wide enough (batch 50 x 1024) that the pointwise chains fuse, with dropout drawing from the generator. */
    static final ModelSpec WIDE = ModelSpec.fromJson("""
            {"name": "wide-mlp", "input": [2],
             "layers": [{"type": "linear", "out": 1024}, {"type": "relu"}, {"type": "dropout", "p": 0.2},
                        {"type": "linear", "out": 3}],
             "loss": "cross_entropy"}""");

    private static Recorder run(ModelSpec spec, TrainConfig config, Trainer.Mode mode) {
        Recorder r = new Recorder();
        TrainResult result = new Trainer(
                        new TrainJob(spec, config, TrainerTest.BLOBS, null), ModelPlan.of(spec), r, null, mode)
                .run();
        assertThat(result.status()).isEqualTo(TrainResult.Status.SUCCEEDED);
        return r;
    }

    private static void assertSameRun(ModelSpec spec, TrainConfig config) {
        Recorder eager = run(spec, config, Trainer.Mode.EAGER), graph = run(spec, config, Trainer.Mode.GRAPH);
        for (String key : new String[] {"train/loss", "train/accuracy", "val/loss", "test/loss", "test/accuracy"}) {
            assertThat(graph.series.get(key)).as(key).isEqualTo(eager.series.get(key));
        }
        assertThat(tensorData(graph.checkpoints.getLast().bytes()))
                .as("the final weights and optimizer state")
                .isEqualTo(tensorData(eager.checkpoints.getLast().bytes()));
    }

    /** A safetensors file's tensor bytes, after its header (which also holds the run's wall-clock times). */
    private static byte[] tensorData(byte[] file) {
        long header = java.nio.ByteBuffer.wrap(file, 0, 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getLong();
        return java.util.Arrays.copyOfRange(file, 8 + (int) header, file.length);
    }

    /** Batch 50 of 480 leaves a last batch of 30: a second shape, traced on its own. */
    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam", "adamw", "adagrad", "rmsprop"})
    void graphModeRepeatsTheEagerRunBitForBit(String optimizer) {
        assertSameRun(TrainerTest.MLP, TrainerTest.config(optimizer, 0.02, 3).withBatchSize(50));
    }

    @Test
    void aWideModelWhosePointwiseChainsFuseStillMatchesBitForBit() {
        assertSameRun(WIDE, TrainerTest.config("sgd", 0.05, 2).withBatchSize(50));
    }

    @Test
    void clippingWithoutReadBackAndSchedulesStillRepeatTheEagerRunBitForBit() {
        TrainConfig config = TrainerTest.config("adam", 0.02, 3)
                .withBatchSize(50)
                .withClipGradNorm(0.5)
                .withSchedule(new ScheduleConfig("step", java.util.Map.of("stepSize", 1, "gamma", 0.5)));
        assertSameRun(TrainerTest.MLP, config);
    }

    /** Adam's bias corrections change every step and the schedules change the learning rate, per epoch or per batch. */
    @ParameterizedTest
    @ValueSource(strings = {"adam", "adamw"})
    void adamsWholeStepReplaysUnderSchedulesThatChangeTheLearningRateMidRun(String optimizer) {
        TrainConfig base = TrainerTest.config(optimizer, 0.02, 3).withBatchSize(50);
        assertSameRun(
                TrainerTest.MLP,
                base.withSchedule(new ScheduleConfig("step", java.util.Map.of("stepSize", 1, "gamma", 0.5))));
        assertSameRun(
                TrainerTest.MLP,
                base.withSchedule(new ScheduleConfig(
                        "warmup", java.util.Map.of("warmupSteps", 5, "after", "step", "stepSize", 2, "gamma", 0.3))));
    }

    @Test
    void lbfgsIsRefusedInGraphMode() {
        TrainConfig config = TrainerTest.config("lbfgs", 0.5, 1);
        assertThatThrownBy(() -> new Trainer(
                        new TrainJob(TrainerTest.MLP, config, TrainerTest.BLOBS, null),
                        ModelPlan.of(TrainerTest.MLP),
                        null,
                        null,
                        Trainer.Mode.GRAPH))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("L-BFGS");
    }
}
