package dev.descent.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.platform.metrics.MetricWriter;
import dev.descent.spec.MetricPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Metric ingestion, downsampling, export and live streaming against the real database. */
class MetricsTest extends PlatformTest {
    @Autowired
    MetricWriter writer;

    @Autowired
    JdbcTemplate jdbc;

    Http http;
    long run;

    @BeforeEach
    void setUp() {
        http = http();
        long experiment = Fixtures.experiment(http);
        // A person logs metrics only to an external run of their own (a worker's run is its worker's to log).
        run = Fixtures.external(http, experiment);
    }

    @Test
    void aRetriedBatchStoresEachPointOnce() {
        List<Map<String, Object>> batch = List.of(
                Map.of("key", "train/loss", "step", 1, "value", 2.5, "timestamp", "2025-01-01T00:00:00Z"),
                Map.of("key", "train/loss", "step", 2, "value", 2.0),
                Map.of("key", "lr", "step", 2, "value", 0.1, "timestamp", 1_735_689_600_000L));
        for (int i = 0; i < 3; i++) {
            Http.Response r = http.post("/api/runs/" + run + "/metrics", batch);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().get("received").asInt()).isEqualTo(3);
        }
        assertThat(jdbc.queryForObject("select count(*) from metrics where run_id = ?", Integer.class, run))
                .isEqualTo(3);
        JsonNode latest = http.get("/api/runs/" + run).json().get("latest");
        assertThat(latest.get("train/loss").get("step").asLong()).isEqualTo(2);
        assertThat(latest.get("train/loss").get("value").asDouble()).isEqualTo(2.0);
        assertThat(latest.get("lr").get("timestamp").asString()).isEqualTo("2025-01-01T00:00:00Z");

        // A later batch moves the latest value; an older one does not.
        http.post("/api/runs/" + run + "/metrics", List.of(Map.of("key", "train/loss", "step", 9, "value", 1.0)));
        http.post("/api/runs/" + run + "/metrics", List.of(Map.of("key", "train/loss", "step", 5, "value", 7.0)));
        assertThat(http.get("/api/runs/" + run)
                        .json()
                        .get("latest")
                        .get("train/loss")
                        .get("step")
                        .asLong())
                .isEqualTo(9);
    }

    @Test
    void aResentStepWithAnotherValueLeavesNoTraceInTheDownsampledSeries() {
        // A resumed run logs again the steps between its checkpoint and where its dead worker stopped.
        List<MetricPoint> first = new ArrayList<>();
        for (int s = 0; s < 200; s++) first.add(new MetricPoint("resumed", s, 1.0, Instant.now()));
        writer.write(run, first);
        writer.write(
                run,
                List.of(
                        new MetricPoint("resumed", 50, 1_000.0, Instant.now()),
                        new MetricPoint("resumed", 60, -1_000.0, Instant.now()),
                        new MetricPoint("resumed", 199, 5.0, Instant.now())));

        assertThat(jdbc.queryForObject(
                        "select max(value) from metrics where run_id = ? and key = 'resumed'", Double.class, run))
                .isEqualTo(1.0);
        JsonNode s = http.get("/api/runs/" + run + "/metrics?key=resumed&maxPoints=2")
                .json();
        assertThat(s.get("downsampled").asBoolean()).isTrue();
        for (JsonNode b : s.get("buckets")) {
            assertThat(b.get("min").asDouble()).as("bucket %s", b).isEqualTo(1.0);
            assertThat(b.get("max").asDouble()).as("bucket %s", b).isEqualTo(1.0);
            assertThat(b.get("last").asDouble()).as("bucket %s", b).isEqualTo(1.0);
        }
    }

    /**
     * Random series (dense and sparse, written in shuffled batches with repeats) read back at random resolutions: every
     * bucket must hold exactly the min, max and last of the points in its range, the buckets must cover every point,
     * and there must be no more of them than asked for.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void downsampledBucketsSummariseExactlyThePointsInThem(long seed) {
        Random rnd = new Random(seed);
        String key = "series/" + seed;
        int n = switch ((int) seed % 3) {
            case 0 -> 50 + rnd.nextInt(500);
            case 1 -> 2_000 + rnd.nextInt(4_000);
            default -> 10_000 + rnd.nextInt(10_000);
        };
        int stride = 1 + rnd.nextInt(seed % 2 == 0 ? 40 : 2);
        TreeMap<Long, Double> truth = new TreeMap<>();
        List<MetricPoint> points = new ArrayList<>();
        long step = rnd.nextInt(100);
        for (int i = 0; i < n; i++) {
            step += 1 + rnd.nextInt(stride);
            double v = rnd.nextDouble() < 0.001 ? 1e6 : rnd.nextGaussian();
            truth.put(step, v);
            points.add(new MetricPoint(key, step, v, Instant.now()));
        }
        List<MetricPoint> shuffled = new ArrayList<>(points);
        Collections.shuffle(shuffled, rnd);
        shuffled.addAll(points.subList(0, Math.min(100, n)));
        for (int from = 0; from < shuffled.size(); from += 7_000)
            writer.write(run, shuffled.subList(from, Math.min(shuffled.size(), from + 7_000)));

        for (int maxPoints : new int[] {2, 10, 97, 1_000, 2_000}) {
            JsonNode s = http.get("/api/runs/" + run + "/metrics?key=" + key + "&maxPoints=" + maxPoints)
                    .json();
            if (n <= maxPoints) {
                assertThat(s.get("downsampled").asBoolean()).isFalse();
                assertThat(s.get("points")).hasSize(n);
                continue;
            }
            assertThat(s.get("downsampled").asBoolean()).isTrue();
            JsonNode buckets = s.get("buckets");
            assertThat(buckets.size()).isLessThanOrEqualTo(maxPoints).isGreaterThan(0);
            int covered = 0;
            for (JsonNode b : buckets) {
                var inside = truth.subMap(
                        b.get("fromStep").asLong(), true, b.get("toStep").asLong(), true);
                assertThat(inside).as("bucket %s", b).isNotEmpty();
                covered += inside.size();
                assertThat(b.get("min").asDouble()).isEqualTo(Collections.min(inside.values()));
                assertThat(b.get("max").asDouble()).isEqualTo(Collections.max(inside.values()));
                assertThat(b.get("lastStep").asLong()).isEqualTo(inside.lastKey());
                assertThat(b.get("last").asDouble())
                        .isEqualTo(inside.lastEntry().getValue());
            }
            assertThat(covered).as("every point is in a bucket").isEqualTo(n);
        }
    }

    @Test
    void everyKeyIsReturnedWhenNoneIsNamedAndEveryPointIsExported() {
        List<MetricPoint> points = new ArrayList<>();
        for (int s = 1; s <= 300; s++) {
            points.add(new MetricPoint("train/loss", s, 1.0 / s, Instant.parse("2025-02-03T04:05:06.123456Z")));
            if (s % 10 == 0)
                points.add(new MetricPoint("val/accuracy", s, s / 300.0, Instant.parse("2025-02-03T04:05:06Z")));
        }
        writer.write(run, points);
        JsonNode all = http.get("/api/runs/" + run + "/metrics?maxPoints=100").json();
        assertThat(all.get("series")).hasSize(2);
        assertThat(all.get("series").get(0).get("key").asString()).isEqualTo("train/loss");
        assertThat(all.get("series").get(0).get("downsampled").asBoolean()).isTrue();
        assertThat(all.get("series").get(1).get("points")).hasSize(30);

        Http.Response csv = http.get("/api/runs/" + run + "/metrics.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        List<String> lines = csv.text().lines().toList();
        assertThat(lines).hasSize(331);
        assertThat(lines.getFirst()).isEqualTo("key,step,value,timestamp");
        assertThat(lines.get(1)).isEqualTo("train/loss,1,1,2025-02-03T04:05:06.123456Z");
        assertThat(lines.getLast()).isEqualTo("val/accuracy,300,1,2025-02-03T04:05:06.000000Z");
    }

    @Test
    void badBatchesAreRefusedNamingThePointAndStoreNothing() {
        String path = "/api/runs/" + run + "/metrics";
        Map<String, String> cases = Map.of(
                "{\"key\":\"a\",\"step\":1,\"value\":1}", "$",
                "[{\"key\":\"a\",\"step\":1,\"value\":1},{\"step\":2,\"value\":1}]", "[1].key",
                "[{\"key\":\"a\",\"step\":-1,\"value\":1}]", "[0].step",
                "[{\"key\":\"a\",\"step\":1.5,\"value\":1}]", "[0].step",
                "[{\"key\":\"a\",\"step\":1,\"value\":\"high\"}]", "[0].value",
                "[{\"key\":\"a\",\"step\":1,\"value\":1,\"timestamp\":\"yesterday\"}]", "[0].timestamp",
                "[{\"key\":\"a\",\"step\":1,\"value\":1,\"unit\":\"s\"}]", "[0].unit",
                "[{\"key\":\"a\",\"step\":1", "$");
        cases.forEach((body, field) -> {
            Http.Response r = http.post(path, body);
            assertThat(r.status()).as(body + " -> " + r).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().get("field").asString()).as(body).isEqualTo(field);
        });
        // Instants that Java holds but a timestamptz cannot.
        for (String ts : List.of(
                String.valueOf(Long.MAX_VALUE),
                String.valueOf(Long.MIN_VALUE),
                "\"+300000-01-01T00:00:00Z\"",
                "\"-5000-01-01T00:00:00Z\"")) {
            Http.Response r = http.post(path, "[{\"key\":\"a\",\"step\":1,\"value\":1,\"timestamp\":" + ts + "}]");
            assertThat(r.status()).as(ts + " -> " + r).isEqualTo(400);
            assertThat(r.json().get("field").asString()).isEqualTo("[0].timestamp");
        }
        // Past 10^15 a series' span and bucket edges would overflow a long.
        Http.Response huge = http.post(
                "/api/runs/" + run + "/metrics",
                List.of(
                        Map.of("key", "k", "step", 0, "value", 1.0),
                        Map.of("key", "k", "step", Long.MAX_VALUE, "value", 1.0)));
        assertThat(huge.status()).as(huge.toString()).isEqualTo(400);
        assertThat(huge.json().get("field").asString()).isEqualTo("[1].step");
        assertThat(jdbc.queryForObject("select count(*) from metrics where run_id = ?", Integer.class, run))
                .isZero();
        assertThat(http.post("/api/runs/999999/metrics", "[]").status()).isEqualTo(404);
        assertThat(http.get("/api/runs/" + run + "/metrics?key=a&maxPoints=1")
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("maxPoints");
        assertThat(http.get("/api/runs/" + run + "/metrics?key=a&maxPoints=lots")
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("maxPoints");
        assertThat(http.get("/api/runs/abc/metrics").json().get("field").asString())
                .isEqualTo("id");
    }

    @Test
    void streamClientsReceiveBatchesSmallAndLarge() throws Exception {
        try (SseClient sse = new SseClient(http, "/api/runs/" + run + "/stream")) {
            SseClient.Event first = sse.next("status", Duration.ofSeconds(10));
            assertThat(first).as("the current status comes first").isNotNull();
            assertThat(first.data().get("status").asString()).isEqualTo("RUNNING");

            writer.write(run, List.of(new MetricPoint("train/loss", 1, 0.5, Instant.now())));
            SseClient.Event small = sse.next("metrics", Duration.ofSeconds(10));
            assertThat(small).isNotNull();
            assertThat(small.data().get(0).get("key").asString()).isEqualTo("train/loss");
            assertThat(small.data().get(0).get("value").asDouble()).isEqualTo(0.5);

            // Too big for a NOTIFY payload: the listener reads the batch back from the database.
            List<MetricPoint> big = new ArrayList<>();
            for (int s = 100; s < 1_100; s++) big.add(new MetricPoint("train/accuracy", s, s / 1_100.0, Instant.now()));
            writer.write(run, big);
            SseClient.Event large = sse.next("metrics", Duration.ofSeconds(10));
            assertThat(large).isNotNull();
            assertThat(large.data()).hasSize(1_000);

            http.post("/api/runs/" + run + "/cancel", "");
            SseClient.Event cancelled = sse.next("status", Duration.ofSeconds(10));
            assertThat(cancelled).isNotNull();
            assertThat(cancelled.data().get("status").asString()).isEqualTo("CANCELLED");
            assertThat(cancelled.data().get("reason").asString()).isEqualTo("CANCELLED_BY_USER");
            assertThat(cancelled.data().get("message").asString()).isEqualTo("cancelled by a user");
            assertThat(sse.awaitEnd(Duration.ofSeconds(5)))
                    .as("the stream ends with the run")
                    .isTrue();
        }
        try (SseClient sse = new SseClient(http, "/api/runs/" + run + "/stream")) {
            assertThat(sse.next("status", Duration.ofSeconds(10))
                            .data()
                            .get("status")
                            .asString())
                    .isEqualTo("CANCELLED");
            assertThat(sse.awaitEnd(Duration.ofSeconds(5)))
                    .as("a finished run's stream ends after its status")
                    .isTrue();
        }
    }

    @Test
    void deletingAWatchedRunTellsItsStreamAndEndsIt() throws Exception {
        long queued = Fixtures.queue(
                http,
                Fixtures.run(
                        Fixtures.experiment(http),
                        Fixtures.spirals(http, 30),
                        Fixtures.model(http, Fixtures.TINY_MODEL),
                        1));
        try (SseClient sse = new SseClient(http, "/api/runs/" + queued + "/stream")) {
            assertThat(sse.next("status", Duration.ofSeconds(10))
                            .data()
                            .get("status")
                            .asString())
                    .isEqualTo("QUEUED");
            assertThat(http.delete("/api/runs/" + queued).status()).isEqualTo(204);
            SseClient.Event gone = sse.next("status", Duration.ofSeconds(10));
            assertThat(gone).as("a status event for the deletion").isNotNull();
            assertThat(gone.data().get("status").asString()).isEqualTo("DELETED");
            assertThat(sse.awaitEnd(Duration.ofSeconds(5)))
                    .as("the stream ends with the run")
                    .isTrue();
        }
    }
}
