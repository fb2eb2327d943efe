package dev.descent.platform.bench;

import dev.descent.platform.DescentPlatform;
import dev.descent.platform.metrics.MetricBuffer;
import dev.descent.platform.metrics.MetricBuffers;
import dev.descent.platform.metrics.MetricWriter;
import dev.descent.platform.runs.RunQueries;
import dev.descent.platform.runs.RunService;
import dev.descent.platform.workers.Devices;
import dev.descent.platform.workers.Worker;
import dev.descent.platform.workers.WorkerPool;
import dev.descent.spec.MetricPoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's reach, measured the way it is used: metric ingestion through the one write path, a downsampled chart
 * of a million points over HTTP, the delay from a worker logging a point to an SSE client holding it, and how soon an
 * idle worker claims a newly queued run. It starts the whole platform (API on a random port, no worker of its own) in
 * this process, prints one line per figure and exits. {@code scripts/platform-bench} runs it against a scratch
 * database; it lives with the tests, out of the production jar.
 */
public final class PlatformBench implements ApplicationRunner {
    private final MetricWriter writer;
    private final MetricBuffers buffers;
    private final RunService runs;
    private final RunQueries queries;
    private final WorkerPool pool;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final ConfigurableApplicationContext context;
    private final HttpClient http = HttpClient.newHttpClient();
    /** The bench's first admin: its requests go through the filter chain as a real client's do. */
    private static final String TOKEN = "dsc_bench-admin-token-0123456789abcdefghijkl";

    private String base;

    PlatformBench(
            MetricWriter writer,
            MetricBuffers buffers,
            RunService runs,
            RunQueries queries,
            WorkerPool pool,
            JdbcTemplate jdbc,
            JsonMapper json,
            ConfigurableApplicationContext context) {
        this.writer = writer;
        this.buffers = buffers;
        this.runs = runs;
        this.queries = queries;
        this.pool = pool;
        this.jdbc = jdbc;
        this.json = json;
        this.context = context;
    }

    /**
     * {@code --spring.datasource.url=...} (and its username and password) name the database, which it fills with
     * benchmark runs; {@code --bench.points=N} sets how many points the ingestion figure writes (2,000,000).
     */
    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(DescentPlatform.class, PlatformBench.class);
        app.setDefaultProperties(Map.of(
                "server.port", "0", "descent.worker.enabled", "false", "descent.security.initial-admin-token", TOKEN));
        app.run(args);
    }

    @Override
    public void run(ApplicationArguments args) {
        base = "http://127.0.0.1:"
                + ((WebServerApplicationContext) context).getWebServer().getPort();
        List<String> points = args.getOptionValues("bench.points");
        int total = points == null ? 2_000_000 : Integer.parseInt(points.getFirst());
        System.out.printf(
                Locale.ROOT,
                "descent platform bench: %d CPU cores, PostgreSQL %s%n",
                Runtime.getRuntime().availableProcessors(),
                jdbc.queryForObject("show server_version", String.class));
        List<String> onlyArg = args.getOptionValues("bench.only");
        List<String> only =
                onlyArg == null ? List.of() : List.of(onlyArg.getFirst().split(","));
        int code = 0;
        try {
            Fixture f = fixture();
            if (only.isEmpty() || only.contains("ingestion")) ingestion(f, total);
            if (only.isEmpty() || only.contains("downsampling")) downsampling(f);
            if (only.isEmpty() || only.contains("compare")) compare(f);
            if (only.isEmpty() || only.contains("live")) liveLatency(f);
            if (only.isEmpty() || only.contains("claim")) claimLatency(f);
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        }
        int exit = code;
        System.exit(SpringApplication.exit(context, () -> exit));
    }

    private record Fixture(long experiment, long dataset, long model) {}

    private Fixture fixture() {
        long experiment = post("/api/experiments", Map.of("name", "bench-" + System.nanoTime()))
                .get("id")
                .asLong();
        long dataset = post("/api/datasets", Map.of("source", "synthetic", "kind", "blobs", "n", 64, "centers", 2))
                .get("id")
                .asLong();
        long model = post(
                        "/api/models",
                        Map.of(
                                "name",
                                "bench-tiny",
                                "input",
                                List.of(2),
                                "layers",
                                List.of(Map.of("type", "linear", "out", 2)),
                                "loss",
                                "cross_entropy"))
                .get("id")
                .asLong();
        return new Fixture(experiment, dataset, model);
    }

    private long queue(Fixture f, long seed) {
        return runs.create(json.valueToTree(Map.of(
                        "experimentId",
                        f.experiment(),
                        "datasetId",
                        f.dataset(),
                        "modelId",
                        f.model(),
                        "optimizer",
                        Map.of("type", "sgd", "lr", 0.1),
                        "batchSize",
                        64,
                        "epochs",
                        1,
                        "seed",
                        seed)))
                .id();
    }

    /** A run to attach metrics to; cancelled at once, as no worker trains during the metric figures. */
    private long metricsRun(Fixture f) {
        long id = queue(f, 0);
        runs.cancel(id);
        return id;
    }

    /** Four writers, as four busy workers would, each sending batches of 5 keys x 2,000 steps. */
    private void ingestion(Fixture f, int total) throws Exception {
        int writers = 4, keys = 5, stepsPerBatch = 2_000;
        int batches = Math.max(1, total / (writers * keys * stepsPerBatch));
        long[] runIds = new long[writers];
        for (int w = 0; w < writers; w++) runIds[w] = metricsRun(f);
        writeBatches(runIds[0], 0, 5, keys, stepsPerBatch);
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (long run : runIds)
            done.add(threads.submit(() -> writeBatches(run, 1_000_000, batches, keys, stepsPerBatch)));
        for (Future<?> d : done) d.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        threads.shutdown();
        long written = (long) writers * batches * keys * stepsPerBatch;
        System.out.printf(
                Locale.ROOT,
                "metric ingestion: %,d points in %.1f s = %,.0f points/s (%d writers, batches of %,d; target >= 100,000)%n",
                written,
                seconds,
                written / seconds,
                writers,
                keys * stepsPerBatch);
    }

    private Void writeBatches(long run, long firstStep, int batches, int keys, int stepsPerBatch) {
        Instant now = Instant.now();
        for (int b = 0; b < batches; b++) {
            List<MetricPoint> batch = new ArrayList<>(keys * stepsPerBatch);
            for (int s = 0; s < stepsPerBatch; s++) {
                long step = firstStep + (long) b * stepsPerBatch + s;
                for (int k = 0; k < keys; k++)
                    batch.add(new MetricPoint("bench/key" + k, step, Math.sin(step * 0.001 + k), now));
            }
            writer.write(run, batch);
        }
        return null;
    }

    /** One key with a million points, then the chart's query (1,000 buckets) through HTTP, 30 times. */
    private void downsampling(Fixture f) {
        long run = metricsRun(f);
        for (int b = 0; b < 100; b++) {
            List<MetricPoint> batch = new ArrayList<>(10_000);
            Instant now = Instant.now();
            for (int s = 0; s < 10_000; s++) {
                long step = (long) b * 10_000 + s;
                batch.add(new MetricPoint("train/loss", step, 1.0 / (1 + step) + (step % 9_973 == 0 ? 5 : 0), now));
            }
            writer.write(run, batch);
        }
        jdbc.execute("analyze metrics");
        jdbc.execute("analyze metric_rollups");
        String path = "/api/runs/" + run + "/metrics?key=train/loss&maxPoints=1000";
        get(path);
        double[] ms = new double[30];
        int buckets = 0;
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            JsonNode s = get(path);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            buckets = s.get("buckets").size();
        }
        System.out.printf(
                Locale.ROOT,
                "downsampled query, 1,000,000 points -> %d buckets over HTTP: %s (target p95 <= 150 ms)%n",
                buckets,
                percentiles(ms));
    }

    /**
     * 100 runs with 10,000 points of each of 2 keys (a spike in each), then {@code GET /api/compare} of all of them at
     * maxPoints=1000 through HTTP, 30 times.
     */
    private void compare(Fixture f) {
        List<Long> ids = new ArrayList<>();
        for (int r = 0; r < 100; r++) {
            long run = metricsRun(f);
            ids.add(run);
            List<MetricPoint> batch = new ArrayList<>(20_000);
            Instant now = Instant.now();
            for (int s = 0; s < 10_000; s++) {
                batch.add(new MetricPoint("train/loss", s, 1.0 / (1 + s) + (s == 777 * (r + 1) % 10_000 ? 5 : 0), now));
                batch.add(new MetricPoint("val/accuracy", s, 1 - 1.0 / (1 + s + r), now));
            }
            writer.write(run, batch);
        }
        jdbc.execute("analyze metrics");
        jdbc.execute("analyze metric_rollups");
        jdbc.execute("analyze latest_metrics");
        String path = "/api/compare?keys=train/loss,val/accuracy&x=step&maxPoints=1000&runs="
                + String.join(",", ids.stream().map(String::valueOf).toList());
        get(path);
        double[] ms = new double[30];
        int buckets = 0;
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            JsonNode c = get(path);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            buckets = c.get("runs")
                    .get(0)
                    .get("series")
                    .get("train/loss")
                    .get("x")
                    .size();
        }
        System.out.printf(
                Locale.ROOT,
                "compare, 100 runs x 2 keys x 10,000 points -> %d buckets per series over HTTP: %s (target <= 300 ms)%n",
                buckets,
                percentiles(ms));
    }

    /** A worker's metric buffer logs a point every 20 ms; an SSE client over HTTP notes when each arrives. */
    private void liveLatency(Fixture f) throws Exception {
        // RUNNING, as a run whose worker logs points is: a finished run's stream ends after its status. No worker
        // claims it (none runs yet), so it is set RUNNING by hand, with no lease for a reaper to see expire; it is
        // cancelled once measured.
        long run = queue(f, 0);
        jdbc.update("update runs set status = 'RUNNING', started_at = now() where id = ?", run);
        int n = 400;
        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        double[] latency = new double[n];
        CountDownLatch received = new CountDownLatch(n);
        CountDownLatch subscribed = new CountDownLatch(1);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/runs/" + run + "/stream"))
                .header("Authorization", "Bearer " + TOKEN)
                .GET()
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String event = "";
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("event:")) event = line.substring(6).strip();
                    if (!line.startsWith("data:")) continue;
                    if (event.equals("status")) subscribed.countDown();
                    if (!event.equals("metrics")) continue;
                    long now = System.nanoTime();
                    for (JsonNode p : json.readTree(line.substring(5).strip())) {
                        int step = p.get("step").asInt();
                        Long sent = sentAt.get((long) step);
                        if (sent != null && step < n && latency[step] == 0) {
                            latency[step] = (now - sent) / 1e6;
                            received.countDown();
                        }
                    }
                }
            } catch (IOException closed) {
                // The stream ends when the bench closes it.
            } catch (RuntimeException e) {
                System.err.println("the SSE reader stopped: " + e);
            }
        });
        if (!subscribed.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("the SSE stream did not open");
        try (MetricBuffer buffer = buffers.open(run)) {
            for (long step = 0; step < n; step++) {
                sentAt.put(step, System.nanoTime());
                buffer.add(List.of(new MetricPoint("train/loss", step, 1.0 / (1 + step), Instant.now())));
                Thread.sleep(20);
            }
        }
        boolean all = received.await(30, TimeUnit.SECONDS);
        response.body().close();
        reader.interrupt();
        jdbc.update("update runs set status = 'CANCELLED', finished_at = now() where id = ?", run);
        System.out.printf(
                Locale.ROOT,
                "worker logs a point -> SSE client has it: %s over %d points%s (target p95 <= 500 ms)%n",
                percentiles(latency),
                n,
                all ? "" : " (SOME NEVER ARRIVED)");
    }

    /** One idle worker; runs queued one at a time while it is idle; claimed_at minus queued_at. */
    private void claimLatency(Fixture f) throws Exception {
        Worker worker = pool.start(new Devices(Runtime.getRuntime().availableProcessors(), 0, null, null));
        int n = 60;
        double[] ms = new double[n];
        try {
            Thread.sleep(500);
            for (int i = 0; i < n; i++) {
                long id = queue(f, i);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!queries.get(id).status().isFinal()) {
                    if (System.nanoTime() > deadline)
                        throw new IllegalStateException("run " + id + " did not finish within 60 s");
                    Thread.sleep(10);
                }
                Instant queued = jdbc.queryForObject(
                                "select queued_at from runs where id = ?", OffsetDateTime.class, id)
                        .toInstant();
                Instant claimed = jdbc.queryForObject(
                                "select claimed_at from runs where id = ?", OffsetDateTime.class, id)
                        .toInstant();
                ms[i] = Duration.between(queued, claimed).toNanos() / 1e6;
                // The worker goes back to waiting on NOTIFY before the next run is queued.
                Thread.sleep(100 + (i % 5) * 30);
            }
        } finally {
            pool.stop(worker);
        }
        System.out.printf(
                Locale.ROOT,
                "idle worker claims a newly queued run: %s over %d runs (target p95 <= 100 ms)%n",
                percentiles(ms),
                n);
    }

    private static String percentiles(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return String.format(
                Locale.ROOT,
                "p50 %.1f ms, p95 %.1f ms, max %.1f ms",
                v[v.length / 2],
                v[(int) Math.ceil(0.95 * v.length) - 1],
                v[v.length - 1]);
    }

    private JsonNode post(String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build());
    }

    private JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + TOKEN)
                .GET()
                .build());
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300)
                throw new IllegalStateException(
                        request.method() + " " + request.uri() + " answered " + r.statusCode() + ": " + r.body());
            return json.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
