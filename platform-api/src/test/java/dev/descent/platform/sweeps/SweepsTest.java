package dev.descent.platform.sweeps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.descent.platform.Fixtures;
import dev.descent.platform.Http;
import dev.descent.platform.PlatformTest;
import dev.descent.platform.TestEngine;
import dev.descent.platform.workers.Devices;
import dev.descent.platform.workers.WorkerPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Sweeps through the running platform, with the test engine's scripted curves and real workers. */
class SweepsTest extends PlatformTest {
    private static final Devices CPU = new Devices(2, 1024, null, null);

    @Autowired
    WorkerPool pool;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SweepStore store;

    Http http;
    long experiment, dataset, model;

    @BeforeEach
    void setUp() {
        TestEngine.reset();
        http = http();
        experiment = Fixtures.experiment(http);
        // 40 training samples at batch 8: 5 steps an epoch.
        dataset = Fixtures.spirals(http, 48);
        model = Fixtures.model(http, Fixtures.TINY_MODEL);
    }

    @AfterEach
    void tearDown() {
        Fixtures.stopWorkersAndEndRuns(pool, jdbc);
    }

    private Map<String, Object> base(int epochs) {
        Map<String, Object> base = Fixtures.run(experiment, dataset, model, 1);
        base.remove("experimentId");
        base.put("epochs", epochs);
        return base;
    }

    private Map<String, Object> sweep(String kind, Map<String, Object> parameters, int epochs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind);
        body.put("experimentId", experiment);
        body.put("base", base(epochs));
        body.put("parameters", parameters);
        return body;
    }

    private JsonNode create(Map<String, Object> body) {
        Http.Response r = http.post("/api/sweeps", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    @Test
    void eightRunsOnTwoWorkersAllEndWithTheBestReportedAndAshaStoppingExactlyTheRunsItMust() {
        // Each run's val/accuracy by epoch, keyed by its seed; 9008's is the best curve, 9007's the worst.
        double[] atFirstRung = {0.30, 0.50, 0.20, 0.60, 0.40, 0.70, 0.10, 0.80};
        List<Integer> seeds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long seed = 9001L + i;
            seeds.add((int) seed);
            double a = atFirstRung[i];
            TestEngine.EPOCH_ACCURACY.put(seed, new double[] {a, a + 0.05, a + 0.1, a + 0.1});
            TestEngine.STEP_DELAY_MS.put(seed, 15L);
        }
        Map<String, Object> body = sweep("grid", Map.of("seed", seeds), 4);
        body.put("metric", "val/accuracy");
        body.put("goal", "maximize");
        body.put("earlyStopping", Map.of("type", "asha", "rungs", "epoch", "minResource", 1, "reductionFactor", 2));
        JsonNode created = create(body);
        long id = created.get("id").asLong();
        assertThat(created.get("status").asString()).isEqualTo("QUEUED");
        assertThat(created.get("runs")).hasSize(8);
        pool.start(CPU);
        pool.start(CPU);

        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> http.get("/api/sweeps/" + id).json().get("status").asString(),
                        s -> !s.equals("RUNNING") && !s.equals("QUEUED"));
        JsonNode sweep = http.get("/api/sweeps/" + id).json();
        assertThat(sweep.get("status").asString()).isEqualTo("SUCCEEDED");

        // Replayed in the order they were made, the recorded decisions are exactly what the rule says.
        Asha asha = new Asha(1, 2);
        Map<Integer, List<Double>> atRung = new HashMap<>();
        Set<Long> mustStop = new HashSet<>();
        Map<Long, Integer> stoppedAtEpoch = new HashMap<>();
        List<SweepStore.Decision> decisions = store.decisions(id);
        assertThat(decisions).isNotEmpty();
        for (SweepStore.Decision d : decisions) {
            List<Double> earlier = atRung.computeIfAbsent(d.rung(), r -> new ArrayList<>());
            assertThat(d.promoted()).as("decision %s", d).isEqualTo(asha.promotes(earlier, d.value(), Goal.MAXIMIZE));
            earlier.add(d.value());
            if (!d.promoted()) {
                mustStop.add(d.runId());
                stoppedAtEpoch.put(d.runId(), d.rung() == 0 ? 1 : 2);
            }
        }
        Map<Long, Long> seedOf = new HashMap<>();
        for (JsonNode run : sweep.get("runs"))
            seedOf.put(run.get("id").asLong(), run.get("params").get("seed").asLong());
        Set<Long> stopped = new HashSet<>();
        for (JsonNode run : sweep.get("runs")) {
            long runId = run.get("id").asLong();
            if (run.get("stoppedEarly").asBoolean()) {
                stopped.add(runId);
                assertThat(run.get("status").asString()).isEqualTo("CANCELLED");
                assertThat(run.get("reason").asString())
                        .isEqualTo("stopped early by ASHA at epoch " + stoppedAtEpoch.get(runId));
            } else {
                assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
            }
        }
        assertThat(stopped).isEqualTo(mustStop);
        // Whatever the arrival order, the worst curve reached its first rung behind at least five others.
        long worst = seedOf.entrySet().stream()
                .filter(e -> e.getValue() == 9007)
                .findFirst()
                .orElseThrow()
                .getKey();
        long best = seedOf.entrySet().stream()
                .filter(e -> e.getValue() == 9008)
                .findFirst()
                .orElseThrow()
                .getKey();
        assertThat(stopped).contains(worst).doesNotContain(best);
        // A stopped run's worker was freed at once: it trained no epoch past its rung.
        for (long runId : stopped) {
            Long lastStep = jdbc.queryForObject("select max(step) from metrics where run_id = ?", Long.class, runId);
            assertThat(lastStep).isLessThanOrEqualTo(5L * stoppedAtEpoch.get(runId) + 1);
        }

        assertThat(sweep.get("best").get("runId").asLong()).isEqualTo(best);
        assertThat(sweep.get("best").get("value").asDouble())
                .isEqualTo(0.90, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(sweep.get("importance").get(0).get("parameter").asString()).isEqualTo("seed");
    }

    @Test
    void aGridQueuesTheExactCrossProductAndPreviewStoresNothing() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("optimizer.type", List.of("sgd", "adam"));
        parameters.put("batchSize", List.of(4, 8, 16));
        Map<String, Object> body = sweep("grid", parameters, 1);
        long runsBefore = count("select count(*) from runs");

        Http.Response preview = http.post("/api/sweeps/preview", body);
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(preview.json().get("count").asInt()).isEqualTo(6);
        assertThat(count("select count(*) from runs")).isEqualTo(runsBefore);
        assertThat(count("select count(*) from sweeps where experiment_id = " + experiment))
                .isZero();

        JsonNode sweep = create(body);
        Set<String> made = new HashSet<>();
        for (JsonNode run : sweep.get("runs")) {
            JsonNode config =
                    http.get("/api/runs/" + run.get("id").asLong()).json().get("config");
            made.add(config.get("optimizer").get("type").asString() + "/"
                    + config.get("batchSize").asInt());
            assertThat(run.get("status").asString()).isEqualTo("QUEUED");
            assertThat(http.get("/api/runs/" + run.get("id").asLong())
                            .json()
                            .get("sweepId")
                            .asLong())
                    .isEqualTo(sweep.get("id").asLong());
        }
        assertThat(made).containsExactlyInAnyOrder("sgd/4", "sgd/8", "sgd/16", "adam/4", "adam/8", "adam/16");
        assertThat(count("select count(*) from runs")).isEqualTo(runsBefore + 6);

        JsonNode list = http.get("/api/sweeps?experimentId=" + experiment).json();
        assertThat(list.get("totalElements").asLong()).isEqualTo(1);
        assertThat(list.get("content").get(0).get("kind").asString()).isEqualTo("grid");
    }

    @Test
    void aSecondRandomSweepWithTheSameSeedDrawsTheSameConfigs() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("optimizer.lr", Map.of("min", 1e-4, "max", 1e-1, "scale", "log"));
        parameters.put("batchSize", Map.of("min", 4, "max", 32, "type", "int"));
        parameters.put("optimizer.type", List.of("sgd", "momentum", "adam"));
        Map<String, Object> body = sweep("random", parameters, 1);
        body.put("maxRuns", 6);
        body.put("seed", 1234);
        List<String> first = configs(create(body));
        List<String> second = configs(create(body));
        assertThat(second).isEqualTo(first).hasSize(6);
        body.put("seed", 1235);
        assertThat(configs(create(body))).isNotEqualTo(first);
    }

    private List<String> configs(JsonNode sweep) {
        List<String> out = new ArrayList<>();
        for (JsonNode run : sweep.get("runs")) {
            JsonNode config =
                    http.get("/api/runs/" + run.get("id").asLong()).json().get("config");
            out.add(config.get("optimizer") + "/" + config.get("batchSize"));
        }
        return out;
    }

    @Test
    void oneBadGeneratedValueRefusesTheWholeSweepNamingTheParameter() {
        long runsBefore = count("select count(*) from runs");
        long sweepsBefore = count("select count(*) from sweeps");

        assertRefused(sweep("grid", Map.of("optimizer.lr", List.of(0.1, -1.0, 0.01)), 1), "parameters.optimizer.lr");
        assertRefused(sweep("grid", Map.of("batchSize", List.of(8, 0)), 1), "parameters.batchSize");
        Map<String, Object> random = sweep("random", Map.of("optimizer.lr", Map.of("min", -1, "max", -0.5)), 1);
        random.put("maxRuns", 3);
        assertRefused(random, "parameters.optimizer.lr");
        Map<String, Object> tooMany = sweep("random", Map.of("optimizer.lr", List.of(0.1)), 1);
        tooMany.put("maxRuns", 1001);
        assertRefused(tooMany, "maxRuns");
        assertRefused(
                sweep("grid", Map.of("optimizer.lr", Map.of("min", 0.1, "max", 1)), 1), "parameters.optimizer.lr");
        assertRefused(sweep("annealing", Map.of("optimizer.lr", List.of(0.1)), 1), "kind");
        Map<String, Object> noData = sweep("grid", Map.of("optimizer.lr", List.of(0.1)), 1);
        ((Map<?, ?>) noData.get("base")).remove("datasetId");
        assertRefused(noData, "base.datasetId");
        Map<String, Object> badEpochs = sweep("grid", Map.of("epochs", List.of(1, 1_000_000)), 1);
        assertRefused(badEpochs, "parameters.epochs");
        Map<String, Object> shootout = new LinkedHashMap<>();
        shootout.put("kind", "optimizer-shootout");
        shootout.put("experimentId", experiment);
        shootout.put("base", base(1));
        shootout.put("optimizers", List.of("sgd", "adamx"));
        Http.Response r = http.post("/api/sweeps", shootout);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("field").asString()).startsWith("optimizers[1]");
        Map<String, Object> badAsha = sweep("grid", Map.of("optimizer.lr", List.of(0.1)), 1);
        badAsha.put("earlyStopping", Map.of("type", "asha", "reductionFactor", 1));
        assertRefused(badAsha, "earlyStopping.reductionFactor");

        assertThat(count("select count(*) from runs")).as("nothing queued").isEqualTo(runsBefore);
        assertThat(count("select count(*) from sweeps")).isEqualTo(sweepsBefore);
    }

    private void assertRefused(Map<String, Object> body, String field) {
        for (String path : List.of("/api/sweeps", "/api/sweeps/preview")) {
            Http.Response r = http.post(path, body);
            assertThat(r.status()).as(path + " " + body + " -> " + r).isEqualTo(400);
            assertThat(r.json().get("field").asString()).as(r.toString()).isEqualTo(field);
        }
    }

    @Test
    void cancellingASweepCancelsItsRunsAndOnlyItsOwnerOrAnAdminMay() {
        Http member = Fixtures.user(http, "member");
        Http other = Fixtures.user(http, "member");
        Http.Response made = member.post("/api/sweeps", sweep("grid", Map.of("seed", List.of(1, 2, 3)), 1));
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        long id = made.json().get("id").asLong();

        assertThat(other.post("/api/sweeps/" + id + "/cancel", "{}").status()).isEqualTo(403);
        assertThat(other.delete("/api/sweeps/" + id).status()).isEqualTo(403);
        assertThat(member.delete("/api/sweeps/" + id).status())
                .as("its runs are queued")
                .isEqualTo(409);
        Http.Response cancelled = member.post("/api/sweeps/" + id + "/cancel", "{}");
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        for (JsonNode run : cancelled.json().get("runs")) {
            assertThat(run.get("status").asString()).isEqualTo("CANCELLED");
            assertThat(run.get("stoppedEarly").asBoolean()).isFalse();
        }

        // A run of a sweep can be deleted on its own; deleting the sweep takes the rest.
        long oneRun = cancelled.json().get("runs").get(0).get("id").asLong();
        assertThat(member.delete("/api/runs/" + oneRun).status()).isEqualTo(204);
        assertThat(http.get("/api/sweeps/" + id).json().get("runs")).hasSize(2);
        assertThat(member.delete("/api/sweeps/" + id).status()).isEqualTo(204);
        assertThat(http.get("/api/sweeps/" + id).status()).isEqualTo(404);
        assertThat(count("select count(*) from runs where sweep_id = " + id)).isZero();
        assertThat(http.get("/api/sweeps/999999").status()).isEqualTo(404);
    }

    @Test
    void concurrentDecisionsAtARungAreMadeOneAtATime() throws Exception {
        List<Integer> seeds = List.of(1, 2, 3, 4, 5, 6, 7, 8);
        Map<String, Object> body = sweep("grid", Map.of("seed", seeds), 1);
        body.put("metric", "val/accuracy");
        body.put("earlyStopping", Map.of("type", "asha", "minResource", 1, "reductionFactor", 2));
        JsonNode sweep = create(body);
        long id = sweep.get("id").asLong();
        List<Long> runs = new ArrayList<>();
        for (JsonNode run : sweep.get("runs")) runs.add(run.get("id").asLong());
        Asha asha = new Asha(1, 2);

        ExecutorService threads = Executors.newFixedThreadPool(runs.size());
        try {
            for (int rung = 0; rung < 6; rung++) {
                int r = rung;
                CyclicBarrier start = new CyclicBarrier(runs.size());
                List<Future<Boolean>> verdicts = new ArrayList<>();
                for (int i = 0; i < runs.size(); i++) {
                    long runId = runs.get(i);
                    double value = ((i * 37 + r * 11) % 17) / 17.0;
                    verdicts.add(threads.submit(() -> {
                        start.await();
                        return store.decide(id, runId, r, r + 1, value, asha, Goal.MAXIMIZE);
                    }));
                }
                for (Future<Boolean> f : verdicts) f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        Map<Integer, List<Double>> atRung = new HashMap<>();
        Map<Integer, Integer> promoted = new HashMap<>();
        for (SweepStore.Decision d : store.decisions(id)) {
            List<Double> earlier = atRung.computeIfAbsent(d.rung(), k -> new ArrayList<>());
            assertThat(d.promoted()).as("decision %s", d).isEqualTo(asha.promotes(earlier, d.value(), Goal.MAXIMIZE));
            earlier.add(d.value());
            if (d.promoted()) promoted.merge(d.rung(), 1, Integer::sum);
        }
        assertThat(atRung)
                .hasSize(6)
                .allSatisfy((rung, values) -> assertThat(values).hasSize(8));
        // Deciding again gives the same verdict and records nothing new.
        SweepStore.Decision first = store.decisions(id).getFirst();
        assertThat(store.decide(id, first.runId(), first.rung(), first.rung() + 1, 0.0, asha, Goal.MAXIMIZE))
                .isEqualTo(first.promoted());
        assertThat(store.decisions(id)).hasSize(48);
        assertThat(promoted.values()).allSatisfy(n -> assertThat(n).isBetween(1, 7));
    }

    private long count(String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }
}
