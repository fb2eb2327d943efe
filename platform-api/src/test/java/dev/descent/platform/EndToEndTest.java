package dev.descent.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.descent.platform.workers.Devices;
import dev.descent.platform.workers.Worker;
import dev.descent.platform.workers.WorkerPool;
import dev.descent.testing.IdxFiles;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole flow through HTTP with the real native engine and the in-process worker: upload a dataset, create a model,
 * queue a run, watch it train live over SSE, and recover a run whose worker died mid-run from its checkpoint in
 * PostgreSQL.
 */
@TestPropertySource(properties = {"descent.worker.enabled=true", "descent.worker.gpu=none"})
class EndToEndTest extends PlatformTest {
    static final String MODEL = """
            {"name": "small-mlp", "input": [1, 4, 4],
             "layers": [{"type": "flatten"}, {"type": "linear", "out": 16}, {"type": "relu"}, {"type": "linear", "out": 3}],
             "loss": "cross_entropy"}""";

    @Autowired
    WorkerPool pool;

    @Autowired
    JdbcTemplate jdbc;

    Http http;
    long experiment, dataset, model;

    @BeforeEach
    void setUp() {
        http = http();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("trainImages", IdxFiles.gzip(images(240, 1)));
        files.put("trainLabels", IdxFiles.labels(240, 3));
        files.put("testImages", images(60, 2));
        files.put("testLabels", IdxFiles.labels(60, 3));
        Http.Response d = http.multipart("/api/datasets", files, Map.of("name", "rows"));
        assertThat(d.status()).as(d.toString()).isIn(200, 201);
        dataset = d.json().get("id").asLong();
        model = Fixtures.model(http, MODEL);
        experiment = Fixtures.experiment(http);
    }

    @Test
    void aQueuedRunTrainsOnTheInProcessWorkerWhileAClientWatchesLive() throws Exception {
        // A long run holds the worker, so the client can subscribe before the run under test starts.
        long blocker = Fixtures.queue(http, run(1000, 11));
        await().atMost(Duration.ofSeconds(30)).until(() -> status(blocker).equals("RUNNING"));
        long run = Fixtures.queue(http, run(4, 12));

        try (SseClient sse = new SseClient(http, "/api/runs/" + run + "/stream")) {
            assertThat(sse.next("status", Duration.ofSeconds(10))
                            .data()
                            .get("status")
                            .asString())
                    .isEqualTo("QUEUED");
            Http.Response cancel = http.post("/api/runs/" + blocker + "/cancel", "");
            assertThat(cancel.status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> status(blocker).equals("CANCELLED"));
            assertThat(jdbc.queryForObject("select count(*) from checkpoints where run_id = ?", Integer.class, blocker))
                    .as("a cancelled run leaves a checkpoint")
                    .isEqualTo(1);

            SseClient.Event running = sse.next("status", Duration.ofSeconds(30));
            assertThat(running.data().get("status").asString()).isEqualTo("RUNNING");
            SseClient.Event metrics = sse.next("metrics", Duration.ofSeconds(30));
            assertThat(metrics).as("live metric points").isNotNull();
            List<String> keys = new ArrayList<>();
            for (JsonNode p : metrics.data()) keys.add(p.get("key").asString());
            assertThat(keys).contains("train/loss");
            SseClient.Event done = sse.next("status", Duration.ofSeconds(60));
            assertThat(done.data().get("status").asString()).isEqualTo("SUCCEEDED");
        }

        JsonNode r = http.get("/api/runs/" + run).json();
        assertThat(r.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(r.get("error").isNull()).isTrue();
        assertThat(r.get("workerId").asString()).isNotBlank();
        assertThat(r.get("startedAt").asString()).isNotBlank();
        assertThat(r.get("finishedAt").asString()).isNotBlank();
        assertThat(r.get("result").get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(r.get("latest").get("train/loss").get("step").asLong()).isEqualTo(4 * 240 / 16);
        assertThat(r.get("latest").has("test/accuracy")).isTrue();
        JsonNode loss = http.get("/api/runs/" + run + "/metrics?key=train/loss").json();
        assertThat(loss.get("points")).hasSize(4 * 240 / 16);
        double first = loss.get("points").get(0).get("value").asDouble();
        double last = loss.get("points")
                .get(loss.get("points").size() - 1)
                .get("value")
                .asDouble();
        assertThat(last).as("it learned something").isLessThan(first);
    }

    @Test
    void aRunWhoseWorkerDiedResumesFromItsCheckpointWithAnUnbrokenHistory() {
        int epochs = 40, stepsPerEpoch = 240 / 16;
        long run = Fixtures.queue(http, run(epochs, 21));
        Worker first = pool.workers().getFirst();
        await().atMost(Duration.ofSeconds(60)).until(() -> checkpointEpoch(run) >= 2);
        pool.kill(first);
        int checkpointEpoch = checkpointEpoch(run);
        Worker second = pool.start(new Devices(2, 1024, null, null));

        await().atMost(Duration.ofMinutes(2)).until(() -> status(run).equals("SUCCEEDED"));
        JsonNode r = http.get("/api/runs/" + run).json();
        assertThat(r.get("attempt").asInt()).isEqualTo(2);
        assertThat(r.get("workerId").asString()).isEqualTo(second.id());
        assertThat(checkpointEpoch).isLessThan(epochs);

        List<Long> steps = jdbc.queryForList(
                "select step from metrics where run_id = ? and key = 'train/loss' order by step", Long.class, run);
        assertThat(steps).as("every step once, none missing").hasSize(epochs * stepsPerEpoch);
        for (int i = 0; i < steps.size(); i++) assertThat(steps.get(i)).isEqualTo(i + 1L);
    }

    @Test
    void aRunOnTheDjlEngineTrainsTheSameSpecWithTheSameMetrics() {
        Map<String, Object> body = run(2, 13);
        body.put("engine", "djl");
        long run = Fixtures.queue(http, body);
        await().atMost(Duration.ofMinutes(2))
                .until(() -> Set.of("SUCCEEDED", "FAILED").contains(status(run)));
        JsonNode r = http.get("/api/runs/" + run).json();
        assertThat(r.get("status").asString()).as(r.toString()).isEqualTo("SUCCEEDED");
        assertThat(r.get("engine").asString()).isEqualTo("djl");
        List<Long> steps = jdbc.queryForList(
                "select step from metrics where run_id = ? and key = 'train/loss' order by step", Long.class, run);
        assertThat(steps).hasSize(2 * 240 / 16);
        assertThat(r.get("latest").has("test/accuracy")).isTrue();
    }

    private Map<String, Object> run(int epochs, long seed) {
        Map<String, Object> body = new HashMap<>();
        body.put("experimentId", experiment);
        body.put("datasetId", dataset);
        body.put("modelId", model);
        body.put("optimizer", Map.of("type", "adam", "lr", 0.01));
        body.put("batchSize", 16);
        body.put("epochs", epochs);
        body.put("seed", seed);
        body.put("engine", "native");
        return body;
    }

    /** Class c (i mod 3) lights up row c of a 4x4 image, over a little noise: easy to learn. */
    private static byte[] images(int n, long seed) {
        Random rnd = new Random(seed);
        ByteBuffer b = ByteBuffer.allocate(16 + n * 16)
                .putInt(0x0803)
                .putInt(n)
                .putInt(4)
                .putInt(4);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 16; p++) b.put((byte) (p / 4 == i % 3 ? 200 + rnd.nextInt(50) : rnd.nextInt(60)));
        }
        return b.array();
    }

    private String status(long run) {
        return jdbc.queryForObject("select status from runs where id = ?", String.class, run);
    }

    private int checkpointEpoch(long run) {
        List<Integer> e = jdbc.queryForList("select epoch from checkpoints where run_id = ?", Integer.class, run);
        return e.isEmpty() ? -1 : e.getFirst();
    }
}
