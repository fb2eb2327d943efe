package dev.descent.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.descent.data.DataSplits;
import dev.descent.spec.MetricPoint;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.OptimizerConfig;
import dev.descent.spec.ScheduleConfig;
import dev.descent.spec.TrainConfig;
import dev.descent.spec.TrainJob;
import dev.descent.spec.TrainResult;
import dev.descent.spec.TrainingEngines;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One spec and config on both engines is one run: the same validation split, batch order, starting weights, targets,
 * schedule and clipping give the same metric keys at the same global steps and, without dropout, nearly the same
 * values.
 */
class SameRunTest {

    @BeforeAll
    static void natives() {
        assumeThat(DjlEngine.unavailableReason()).as("libtorch natives").isNull();
    }

    @Test
    void bothEnginesReportTheSameKeysAtTheSameStepsWithCloseValues() {
        ModelSpec spec = ModelSpec.fromJson("""
                {"name": "mlp", "input": [8], "layers": [{"type": "linear", "out": 32}, {"type": "tanh"}, {"type": "linear", "out": 4}],
                 "loss": "cross_entropy"}""");
        DataSplits data = new DataSplits("blobs", TestSets.blobs(1000, 4, 8, 1), TestSets.blobs(300, 4, 8, 2));
        TrainConfig config = TrainConfig.of(OptimizerConfig.of("sgd", 0.05).with("momentum", 0.9))
                .withBatchSize(50)
                .withEpochs(3)
                .withSeed(3)
                .withValSplit(0.2)
                .withClipGradNorm(2.0)
                .withSchedule(new ScheduleConfig("warmup", Map.of("warmupSteps", 5, "after", "cosine", "tMax", 3)));
        DjlEngineTest.Recorder onNative = new DjlEngineTest.Recorder(), onDjl = new DjlEngineTest.Recorder();
        TrainResult a = TrainingEngines.get("native").train(new TrainJob(spec, config, data, null), onNative, null);
        TrainResult b =
                TrainingEngines.get("djl").train(new TrainJob(spec, config.withEngine("djl"), data, null), onDjl, null);

        assertThat(keysAndSteps(onDjl.points)).isEqualTo(keysAndSteps(onNative.points));
        assertThat(b.steps()).isEqualTo(a.steps()).isEqualTo(3 * 16); // 800 training examples in batches of 50
        assertThat(b.metrics().keySet()).isEqualTo(a.metrics().keySet());
        assertThat(onDjl.values("lr")).containsExactlyElementsOf(onNative.values("lr"));
        assertThat(onDjl.values("epoch")).containsExactly(1.0, 2.0, 3.0);
        for (String key : List.of("train/loss", "grad_norm", "val/loss", "test/loss", "train/epoch_loss")) {
            List<Double> expected = onNative.values(key), got = onDjl.values(key);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(got.get(i))
                        .as("%s #%d", key, i)
                        .isCloseTo(expected.get(i), within(1e-3 * Math.abs(expected.get(i))));
            }
        }
        assertThat(b.metrics().get("test/accuracy")).isCloseTo(a.metrics().get("test/accuracy"), within(0.01));
    }

    /**
     * With a summed loss each batch's loss is already a total over its examples: the epoch, validation and test losses
     * are per example on both engines (the native trainer does not multiply a sum by the batch size again).
     */
    @Test
    void aSummedLossGivesTheSamePerExampleLossesOnBothEngines() {
        ModelSpec spec = ModelSpec.fromJson("""
                {"name": "sum-mlp", "input": [4], "layers": [{"type": "linear", "out": 8}, {"type": "tanh"}, {"type": "linear", "out": 1}],
                 "loss": {"type": "mse", "reduction": "sum"}}""");
        DataSplits data = new DataSplits("linear", TestSets.linear(300, 4, 3), TestSets.linear(100, 4, 4));
        TrainConfig config = TrainConfig.of(OptimizerConfig.of("sgd", 0.001))
                .withBatchSize(20)
                .withEpochs(2)
                .withSeed(5)
                .withValSplit(0.2);
        DjlEngineTest.Recorder onNative = new DjlEngineTest.Recorder(), onDjl = new DjlEngineTest.Recorder();
        TrainResult a = TrainingEngines.get("native").train(new TrainJob(spec, config, data, null), onNative, null);
        TrainResult b =
                TrainingEngines.get("djl").train(new TrainJob(spec, config.withEngine("djl"), data, null), onDjl, null);

        for (String key : List.of("train/loss", "train/epoch_loss", "val/loss", "test/loss")) {
            List<Double> expected = onNative.values(key), got = onDjl.values(key);
            assertThat(got).as(key).hasSameSizeAs(expected).isNotEmpty();
            for (int i = 0; i < expected.size(); i++) {
                assertThat(got.get(i))
                        .as("%s #%d", key, i)
                        .isCloseTo(expected.get(i), within(1e-3 * Math.abs(expected.get(i))));
            }
        }
        for (String key : List.of("train/epoch_loss", "val/loss", "test/loss")) {
            assertThat(b.metrics().get(key))
                    .as(key)
                    .isCloseTo(a.metrics().get(key), within(1e-3 * a.metrics().get(key)));
        }
    }

    private static SortedSet<String> keysAndSteps(List<MetricPoint> points) {
        TreeSet<String> out = new TreeSet<>();
        for (MetricPoint p : points) out.add(p.key() + "@" + p.step());
        return out;
    }
}
