package dev.descent.platform.sweeps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.descent.data.DataSplits;
import dev.descent.platform.Fixtures;
import dev.descent.platform.Http;
import dev.descent.platform.PlatformTest;
import dev.descent.platform.datasets.DatasetLoader;
import dev.descent.platform.workers.Devices;
import dev.descent.platform.workers.WorkerPool;
import dev.descent.spec.ModelPlan;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.TrainConfig;
import dev.descent.spec.TrainJob;
import dev.descent.tensor.Tensor;
import dev.descent.train.Trainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The optimizer shoot-out, trained for real by the native engine on two workers. */
class ShootoutTest extends PlatformTest {
    private static final Devices CPU = new Devices(2, 1024, null, null);
    private static final String MLP = """
            {"name": "mlp", "input": [2], "layers": [{"type": "linear", "out": 16}, {"type": "relu"},
             {"type": "linear", "out": 3}], "loss": "cross_entropy"}""";

    @Autowired
    WorkerPool pool;

    @Autowired
    DatasetLoader datasets;

    @AfterEach
    void tearDown() {
        pool.workers().forEach(pool::stop);
    }

    @Test
    void everyOptimizerStartsFromBitIdenticalWeightsWithAnLrFromItsRangeTestAndTheWinnerIsRanked() {
        Http http = http();
        long experiment = Fixtures.experiment(http);
        long dataset = Fixtures.spirals(http, 240);
        long model = Fixtures.model(http, MLP);
        Map<String, Object> base = new HashMap<>();
        base.put("datasetId", dataset);
        base.put("modelId", model);
        base.put("optimizer", Map.of("type", "sgd", "lr", 0.1));
        base.put("batchSize", 16);
        base.put("epochs", 3);
        base.put("seed", 5);
        base.put("valSplit", 0.2);
        base.put("engine", "native");
        base.put("device", "cpu");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "optimizer-shootout");
        body.put("experimentId", experiment);
        body.put("base", base);
        body.put("optimizers", List.of("sgd", "momentum", "rmsprop", "adam"));
        body.put("lrs", "auto");
        body.put("metric", "val/accuracy");
        Http.Response made = http.post("/api/sweeps", body);
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        long id = made.json().get("id").asLong();
        JsonNode created = made.json();

        // The range test's curve: for each optimizer, rising rates over the same steps.
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (JsonNode p : created.get("shootout").get("lrRangeTest"))
            rates.computeIfAbsent(p.get("optimizer").asString(), k -> new ArrayList<>())
                    .add(p.get("lr").asDouble());
        assertThat(rates).containsOnlyKeys("sgd", "momentum", "rmsprop", "adam");
        rates.values().forEach(r -> {
            assertThat(r.size()).isGreaterThan(10);
            assertThat(r).isSorted();
            assertThat(r.getLast()).isGreaterThan(r.getFirst() * 100);
        });

        pool.start(CPU);
        pool.start(CPU);
        await().atMost(Duration.ofMinutes(2))
                .until(
                        () -> http.get("/api/sweeps/" + id).json().get("status").asString(),
                        s -> !s.equals("RUNNING") && !s.equals("QUEUED"));
        JsonNode sweep = http.get("/api/sweeps/" + id).json();
        assertThat(sweep.get("status").asString()).as(sweep.toString()).isEqualTo("SUCCEEDED");
        JsonNode shootout = sweep.get("shootout");
        JsonNode ranking = shootout.get("ranking");
        assertThat(ranking).hasSize(4);
        double target = shootout.get("target").asDouble();
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode r : ranking) {
            assertThat(r.get("best").asDouble()).isLessThanOrEqualTo(previous).isGreaterThanOrEqualTo(target);
            previous = r.get("best").asDouble();
            assertThat(r.get("lr").asDouble()).isBetween(1e-6, 10.0);
            // Every run reached the target (the worst of their bests), so each has a time and step to it.
            assertThat(r.get("stepsToTarget").asLong()).isPositive();
            assertThat(r.get("secondsToTarget").asDouble()).isNotNegative();
            assertThat(r.get("final").isNumber()).isTrue();
        }
        long fewestSteps = Long.MAX_VALUE;
        String fastest = null;
        for (JsonNode r : ranking) {
            if (r.get("stepsToTarget").asLong() < fewestSteps) {
                fewestSteps = r.get("stepsToTarget").asLong();
                fastest = r.get("optimizer").asString();
            }
        }
        assertThat(shootout.get("firstBySteps").asString()).isEqualTo(fastest);
        assertThat(shootout.get("firstBySeconds").asString()).isIn("sgd", "momentum", "rmsprop", "adam");
        assertThat(sweep.get("best").get("runId").asLong())
                .isEqualTo(ranking.get(0).get("runId").asLong());

        // Same seed, batch size and split for all; the engine builds the same initial weights for each.
        ModelSpec spec = ModelSpec.fromJson(MLP);
        DataSplits data = datasets.load(dataset);
        List<float[]> initial = new ArrayList<>();
        TrainConfig first = null;
        for (JsonNode r : sweep.get("runs")) {
            JsonNode config =
                    http.get("/api/runs/" + r.get("id").asLong()).json().get("config");
            TrainConfig c = TrainConfig.fromJson(config.toString());
            if (first == null) first = c;
            assertThat(c.seed()).isEqualTo(first.seed());
            assertThat(c.batchSize()).isEqualTo(first.batchSize());
            assertThat(c.valSplit()).isEqualTo(first.valSplit());
            initial.add(weights(spec, c, data));
        }
        assertThat(initial.stream().map(java.util.Arrays::toString).distinct()).hasSize(1);
        assertThat(weights(spec, first.withSeed(first.seed() + 1), data))
                .as("another seed, other weights: the comparison can fail")
                .isNotEqualTo(initial.getFirst());
    }

    /** The parameters a run's trainer starts from, as the worker's engine builds them for its config. */
    private static float[] weights(ModelSpec spec, TrainConfig config, DataSplits data) {
        Trainer t = new Trainer(new TrainJob(spec, config, data, null), ModelPlan.of(spec), null, null);
        List<Float> all = new ArrayList<>();
        for (Tensor p : t.model().parameters()) for (float f : p.toFloatArray()) all.add(f);
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) out[i] = all.get(i);
        return out;
    }
}
