package dev.descent.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.descent.platform.queue.JobQueue;
import dev.descent.platform.runs.ClaimedRun;
import dev.descent.platform.runs.RunStatus;
import dev.descent.platform.workers.Devices;
import dev.descent.platform.workers.Worker;
import dev.descent.platform.workers.WorkerPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The queue's guarantees, with the test engine: exactly once, order, GPU routing, leases, resume, cancel, shutdown. */
class QueueTest extends PlatformTest {
    private static final Devices CPU = new Devices(2, 1024, null, null);
    private static final Devices GPU = new Devices(2, 1024, "Test GPU", 16_384L);

    @Autowired
    WorkerPool pool;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JobQueue queue;

    Http http;
    long experiment, dataset, model;

    @BeforeEach
    void setUp() {
        TestEngine.reset();
        http = http();
        experiment = Fixtures.experiment(http);
        dataset = Fixtures.spirals(http, 48);
        model = Fixtures.model(http, Fixtures.TINY_MODEL);
    }

    @AfterEach
    void tearDown() {
        Fixtures.stopWorkersAndEndRuns(pool, jdbc);
    }

    @Test
    void twoHundredRunsDrainedByFourWorkersRunEachExactlyOnce() {
        List<Long> runs = new ArrayList<>();
        for (int i = 0; i < 200; i++)
            runs.add(Fixtures.queue(http, Fixtures.run(experiment, dataset, model, 1_000 + i)));
        for (int i = 0; i < 4; i++) pool.start(CPU);

        await().atMost(Duration.ofSeconds(60)).until(() -> count("status = 'SUCCEEDED' and id = any(?)", runs) == 200);
        for (int i = 0; i < 200; i++)
            assertThat(TestEngine.STARTS.get(1_000L + i))
                    .as("run with seed %d", 1_000 + i)
                    .hasValue(1);
        assertThat(count("attempt = 1 and id = any(?)", runs)).isEqualTo(200);
        List<String> workers =
                jdbc.queryForList("select distinct worker_id from runs where id = any(?)", String.class, (Object)
                        runs.toArray(Long[]::new));
        assertThat(workers).as("every worker took part").hasSize(4);
    }

    @Test
    void claimsByPriorityThenAge() {
        long low = Fixtures.queue(http, with(Fixtures.run(experiment, dataset, model, 1), "priority", -5));
        long oldNormal = Fixtures.queue(http, Fixtures.run(experiment, dataset, model, 2));
        long high = Fixtures.queue(http, with(Fixtures.run(experiment, dataset, model, 3), "priority", 10));
        long newNormal = Fixtures.queue(http, Fixtures.run(experiment, dataset, model, 4));
        pool.start(CPU);

        List<Long> all = List.of(low, oldNormal, high, newNormal);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("status = 'SUCCEEDED' and id = any(?)", all) == 4);
        List<Long> order =
                jdbc.queryForList("select id from runs where id = any(?) order by claimed_at", Long.class, (Object)
                        all.toArray(Long[]::new));
        assertThat(order).containsExactly(high, oldNormal, newNormal, low);
    }

    @Test
    void cudaRunsWaitForAWorkerWithAGpu() {
        long cuda = Fixtures.queue(http, with(Fixtures.run(experiment, dataset, model, 7), "device", "cuda"));
        long auto = Fixtures.queue(http, Fixtures.run(experiment, dataset, model, 8));
        Worker cpu = pool.start(CPU);

        await().atMost(Duration.ofSeconds(10)).until(() -> status(auto).equals("SUCCEEDED"));
        sleep(600);
        assertThat(status(cuda)).as("no GPU worker yet").isEqualTo("QUEUED");

        Worker gpu = pool.start(GPU);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(cuda).equals("SUCCEEDED"));
        assertThat(workerOf(cuda)).isEqualTo(gpu.id());
        assertThat(workerOf(auto)).isEqualTo(cpu.id());
    }

    @Test
    void aKilledWorkersRunResumesFromItsCheckpointOnAnotherWorker() {
        // 40 training samples at batch 8: 5 steps an epoch, 3 epochs.
        long seed = 21;
        TestEngine.STEP_DELAY_MS.put(seed, 60L);
        long run = Fixtures.queue(http, with(Fixtures.run(experiment, dataset, model, seed), "epochs", 3));
        Worker doomed = pool.start(CPU);
        await().atMost(Duration.ofSeconds(10)).until(() -> checkpointStep(run) >= 5);
        sleep(150);
        pool.kill(doomed);
        long checkpoint = checkpointStep(run);

        Worker rescuer = pool.start(CPU);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(run).equals("SUCCEEDED"));
        JsonNode r = http.get("/api/runs/" + run).json();
        assertThat(r.get("attempt").asInt()).as("requeued once").isEqualTo(2);
        assertThat(r.get("workerId").asString()).isEqualTo(rescuer.id());
        assertThat(TestEngine.RESUMED_AT.get(seed)).isEqualTo(checkpoint);
        assertThat(TestEngine.STARTS.get(seed)).hasValue(2);

        List<Long> steps = jdbc.queryForList(
                "select step from metrics where run_id = ? and key = 'train/loss' order by step", Long.class, run);
        assertThat(steps).as("one point per step, no gap, no duplicate").hasSize(15);
        for (int i = 0; i < 15; i++) assertThat(steps.get(i)).isEqualTo(i + 1L);
    }

    @Test
    void aRunWhoseWorkersKeepDyingFailsAfterItsAttempts() {
        long seed = 31;
        TestEngine.STEP_DELAY_MS.put(seed, 100L);
        long run = Fixtures.queue(
                http, with(with(Fixtures.run(experiment, dataset, model, seed), "maxAttempts", 2), "epochs", 5));
        for (int attempt = 1; attempt <= 2; attempt++) {
            Worker w = pool.start(CPU);
            int a = attempt;
            await().atMost(Duration.ofSeconds(10)).until(() -> status(run).equals("RUNNING") && attemptOf(run) == a);
            sleep(200);
            pool.kill(w);
            if (attempt == 1) {
                await().atMost(Duration.ofSeconds(10)).until(() -> status(run).equals("QUEUED"));
                JsonNode requeued = http.get("/api/runs/" + run).json();
                assertThat(requeued.get("statusReason").asString()).isEqualTo("LEASE_LOST");
                assertThat(requeued.get("statusMessage").asString()).contains("requeued for attempt 2 of 2");
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> status(run).equals("FAILED"));
        JsonNode r = http.get("/api/runs/" + run).json();
        assertThat(r.get("error").asString()).contains("stopped heart-beating").contains("attempt 2 of 2");
        assertThat(r.get("statusReason").asString()).isEqualTo("LEASE_LOST");
        assertThat(r.get("statusMessage").asString()).isEqualTo(r.get("error").asString());
    }

    @Test
    void cancelStopsAQueuedRunAtOnceAndARunningOneWithinABatch() {
        long queued = Fixtures.queue(http, Fixtures.run(experiment, dataset, model, 41));
        Http.Response c = http.post("/api/runs/" + queued + "/cancel", "");
        assertThat(c.status()).isEqualTo(200);
        assertThat(c.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(c.json().get("statusReason").asString()).isEqualTo("CANCELLED_BY_USER");
        assertThat(c.json().get("statusMessage").asString()).isEqualTo("cancelled by a user");
        assertThat(http.post("/api/runs/" + queued + "/cancel", "").status())
                .as("already cancelled")
                .isEqualTo(409);

        long seed = 42;
        TestEngine.STEP_DELAY_MS.put(seed, 50L);
        long running = Fixtures.queue(http, with(Fixtures.run(experiment, dataset, model, seed), "epochs", 50));
        pool.start(CPU);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("run_id = ?", "metrics", running) > 3);
        Http.Response stop = http.post("/api/runs/" + running + "/cancel", "");
        assertThat(stop.status()).isEqualTo(202);
        assertThat(stop.json().get("cancelRequested").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> status(running).equals("CANCELLED"));
        JsonNode stopped = http.get("/api/runs/" + running).json();
        assertThat(stopped.get("statusReason").asString()).isEqualTo("CANCELLED_BY_USER");
        assertThat(stopped.get("error").isNull()).as("a cancel is no error").isTrue();
        assertThat(TestEngine.STARTS.get(41L))
                .as("a cancelled queued run never starts")
                .isNull();
    }

    @Test
    void aStoppingWorkerCheckpointsAndRequeuesItsRunForAnotherToResume() {
        long seed = 51;
        TestEngine.STEP_DELAY_MS.put(seed, 50L);
        long run = Fixtures.queue(http, with(Fixtures.run(experiment, dataset, model, seed), "epochs", 4));
        Worker first = pool.start(CPU);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("run_id = ?", "metrics", run) >= 8);
        pool.stop(first);
        assertThat(status(run)).isEqualTo("QUEUED");
        JsonNode requeued = http.get("/api/runs/" + run).json();
        assertThat(requeued.get("statusReason").asString()).isEqualTo("WORKER_SHUTDOWN");
        assertThat(requeued.get("statusMessage").asString())
                .isEqualTo("worker " + first.id() + " shut down; the run resumes from its checkpoint");
        long checkpoint = checkpointStep(run);
        assertThat(checkpoint).as("checkpointed where it stopped").isGreaterThanOrEqualTo(8);

        pool.start(CPU);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(run).equals("SUCCEEDED"));
        assertThat(attemptOf(run))
                .as("a clean shutdown is not a failed attempt")
                .isEqualTo(1);
        assertThat(TestEngine.RESUMED_AT.get(seed)).isEqualTo(checkpoint);
        assertThat(count("run_id = ? and key = 'train/loss'", "metrics", run)).isEqualTo(20);
        JsonNode done = http.get("/api/runs/" + run).json();
        assertThat(done.get("statusReason").asString()).isEqualTo("COMPLETED");
        assertThat(done.get("statusMessage").asString()).isEqualTo("completed 4 epochs");
    }

    @Test
    void aRunCancelledWhileItsWorkerIsStoppingEndsCancelledNotQueued() {
        // The worker checkpoints for shutdown; the user's cancel lands before it gives the run back.
        registerWorker("stopping-worker");
        long run = Fixtures.queue(http, Fixtures.run(experiment, dataset, model, 81));
        ClaimedRun claimed = queue.claim("stopping-worker", false).orElseThrow();
        assertThat(claimed.id()).isEqualTo(run);
        assertThat(http.post("/api/runs/" + run + "/cancel", "").status()).isEqualTo(202);

        assertThat(queue.requeue(run, "stopping-worker")).contains(RunStatus.CANCELLED);
        JsonNode r = http.get("/api/runs/" + run).json();
        assertThat(r.get("status").asString())
                .as("a requested cancel outlives the shutdown")
                .isEqualTo("CANCELLED");
        assertThat(r.get("finishedAt").isNull()).isFalse();
        pool.start(CPU);
        sleep(600);
        assertThat(TestEngine.STARTS.get(81L)).as("nobody trains it again").isNull();
    }

    @Test
    void aWorkerStoppedWhileItClaimsGivesTheRunBackAtOnce() {
        long seed = 85;
        TestEngine.STEP_DELAY_MS.put(seed, 50L);
        long run = Fixtures.queue(http, with(Fixtures.run(experiment, dataset, model, seed), "epochs", 100));
        // Stopped at once, it is most likely inside its first claim: the stop finds no run to cancel yet.
        Worker w = pool.start(CPU);
        long start = System.nanoTime();
        pool.stop(w);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(status(run)).as("given back, not trained on past the stop").isEqualTo("QUEUED");
        assertThat(ms).as("the stop waited for no training").isLessThan(3_000);
    }

    @Test
    void aDivergingRunFailsNamingTheStep() {
        TestEngine.DIVERGE_AT.put(61L, 3L);
        long run = Fixtures.queue(http, Fixtures.run(experiment, dataset, model, 61));
        pool.start(CPU);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(run).equals("FAILED"));
        JsonNode r = http.get("/api/runs/" + run).json();
        assertThat(r.get("error").asString()).isEqualTo("diverged at step 3");
        assertThat(r.get("statusReason").asString()).isEqualTo("DIVERGED");
        assertThat(r.get("statusMessage").asString()).isEqualTo("diverged at step 3");
    }

    @Test
    void workersAreListedWithTheirDevicesAndRun() {
        long seed = 71;
        TestEngine.STEP_DELAY_MS.put(seed, 50L);
        long run = Fixtures.queue(http, with(Fixtures.run(experiment, dataset, model, seed), "epochs", 20));
        Worker gpu = pool.start(GPU);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(run).equals("RUNNING"));
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            for (JsonNode w : http.get("/api/workers").json()) {
                if (w.get("id").asString().equals(gpu.id()))
                    return w.get("state").asString().equals("BUSY")
                            && w.get("currentRunId").asLong() == run;
            }
            return false;
        });
        JsonNode listed = null;
        for (JsonNode w : http.get("/api/workers").json())
            if (w.get("id").asString().equals(gpu.id())) listed = w;
        assertThat(listed.get("devices").get("gpuName").asString()).isEqualTo("Test GPU");
        assertThat(listed.get("devices").get("gpuMemoryMb").asLong()).isEqualTo(16_384);
        assertThat(listed.get("devices").get("cpuCores").asInt()).isEqualTo(2);
        assertThat(listed.get("host").asString()).isNotBlank();
        assertThat(listed.get("lastHeartbeat").asString()).isNotBlank();
        pool.stop(gpu);
        Set<String> states = new HashSet<>();
        for (JsonNode w : http.get("/api/workers").json())
            if (w.get("id").asString().equals(gpu.id()))
                states.add(w.get("state").asString());
        assertThat(states).containsExactly("OFFLINE");
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        body.put(field, value);
        return body;
    }

    private int count(String where, List<Long> ids) {
        return jdbc.queryForObject(
                "select count(*) from runs where " + where, Integer.class, (Object) ids.toArray(Long[]::new));
    }

    private int count(String where, String table, long id) {
        return jdbc.queryForObject("select count(*) from " + table + " where " + where, Integer.class, id);
    }

    private void registerWorker(String id) {
        jdbc.update(
                "insert into workers (id, host, pid, cpu_cores, memory_mb, state) values (?, 'elsewhere', 1, 2, 1024, 'BUSY')",
                id);
    }

    private String status(long run) {
        return jdbc.queryForObject("select status from runs where id = ?", String.class, run);
    }

    private int attemptOf(long run) {
        return jdbc.queryForObject("select attempt from runs where id = ?", Integer.class, run);
    }

    private String workerOf(long run) {
        return jdbc.queryForObject("select worker_id from runs where id = ?", String.class, run);
    }

    private long checkpointStep(long run) {
        List<Long> s = jdbc.queryForList("select step from checkpoints where run_id = ?", Long.class, run);
        return s.isEmpty() ? -1 : s.getFirst();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
