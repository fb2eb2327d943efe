package dev.descent.platform.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.platform.Fixtures;
import dev.descent.platform.Http;
import dev.descent.platform.PlatformTest;
import dev.descent.platform.queue.JobQueue;
import dev.descent.platform.workers.Devices;
import dev.descent.platform.workers.WorkerPool;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** A user's own training script logging to the platform: an external run, created, logged and finished by its owner. */
class ExternalRunsTest extends PlatformTest {
    @Autowired
    WorkerPool pool;

    @Autowired
    JobQueue queue;

    @Autowired
    JdbcTemplate jdbc;

    Http admin, owner, other;
    long experiment;

    @BeforeEach
    void setUp() {
        admin = http();
        owner = Fixtures.user(admin, "member");
        other = Fixtures.user(admin, "member");
        experiment = Fixtures.experiment(owner);
    }

    @AfterEach
    void tearDown() {
        pool.workers().forEach(pool::stop);
    }

    @Test
    void anExternalRunIsRunningAtOnceLoggedInBatchesByItsOwnerAndFinishedOnce() {
        long run = external(owner, Map.of("optimizer", "adam", "lr", 0.001));
        JsonNode view = owner.get("/api/runs/" + run).json();
        assertThat(view.get("status").asString()).isEqualTo("RUNNING");
        assertThat(view.get("engine").asString()).isEqualTo("external");
        assertThat(view.get("modelId").isNull()).isTrue();
        assertThat(view.get("config").get("lr").asDouble()).isEqualTo(0.001);

        for (int batch = 0; batch < 3; batch++) {
            List<Map<String, Object>> points = List.of(
                    Map.of("key", "train/loss", "step", batch * 2 + 1, "value", 1.0 / (batch + 1)),
                    Map.of("key", "train/loss", "step", batch * 2 + 2, "value", 0.9 / (batch + 1)));
            Http.Response logged = owner.post("/api/runs/" + run + "/metrics", points);
            assertThat(logged.status()).as(logged.toString()).isEqualTo(200);
        }
        assertThat(owner.get("/api/runs/" + run + "/metrics?key=train/loss")
                        .json()
                        .get("points"))
                .hasSize(6);

        Http.Response done =
                owner.post("/api/runs/" + run + "/finish", Map.of("status", "SUCCEEDED", "summary", "0.3 loss"));
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.json().get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.json().get("statusMessage").asString()).isEqualTo("0.3 loss");
        assertThat(done.json().get("finishedAt").isNull()).isFalse();

        Http.Response twice = owner.post("/api/runs/" + run + "/finish", Map.of("status", "FAILED"));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("detail").asString()).contains("already SUCCEEDED");
        assertThat(owner.post("/api/runs/" + run + "/metrics", List.of(Map.of("key", "x", "step", 9, "value", 1)))
                        .status())
                .as("a finished run's metrics are final")
                .isEqualTo(409);
    }

    @Test
    void anotherUserCannotLogToItNorFinishIt() {
        long run = external(owner, Map.of());
        Http.Response logged = other.post(
                "/api/runs/" + run + "/metrics", List.of(Map.of("key", "train/loss", "step", 1, "value", 1)));
        assertThat(logged.status()).isEqualTo(403);
        assertThat(other.post("/api/runs/" + run + "/finish", Map.of("status", "SUCCEEDED"))
                        .status())
                .isEqualTo(403);
        assertThat(admin.anonymous()
                        .post("/api/runs/" + run + "/metrics", List.of(Map.of("key", "l", "step", 1, "value", 1)))
                        .status())
                .isEqualTo(401);
        assertThat(jdbc.queryForObject("select count(*) from metrics where run_id = ?", Integer.class, run))
                .isZero();
        assertThat(owner.get("/api/runs/" + run).json().get("status").asString())
                .isEqualTo("RUNNING");
    }

    @Test
    void aWorkerNeverClaimsItAndTheReaperNeverRequeuesIt() throws Exception {
        long run = external(owner, Map.of());
        // Whatever another test left queued is not what this one is about.
        jdbc.update("update runs set status = 'CANCELLED', finished_at = now() where status = 'QUEUED'");
        pool.start(new Devices(2, 1024, null, null));
        assertThat(queue.claim("test-worker", true))
                .as("nothing queued to claim")
                .isEmpty();
        Thread.sleep(1_500); // past a lease and several heartbeats and reaps
        JsonNode view = owner.get("/api/runs/" + run).json();
        assertThat(view.get("status").asString()).isEqualTo("RUNNING");
        assertThat(view.get("workerId").isNull()).isTrue();
        assertThat(view.get("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void badRequestsNameTheFieldAndTrainedRunsAreNotFinishedByHand() {
        assertThat(owner.post("/api/runs/external", Map.of("experimentId", experiment, "nme", "x"))
                        .json()
                        .get("detail")
                        .asString())
                .contains("nme");
        assertThat(owner.post("/api/runs/external", Map.of("experimentId", 999_999))
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("experimentId");
        assertThat(owner.post("/api/runs/external", Map.of("experimentId", experiment, "params", List.of(1)))
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("params");
        long run = external(owner, Map.of());
        Http.Response bad = owner.post("/api/runs/" + run + "/finish", Map.of("status", "CANCELLED"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asString()).isEqualTo("status");

        long dataset = Fixtures.spirals(owner, 24);
        long model = Fixtures.model(owner, Fixtures.TINY_MODEL);
        long trained = Fixtures.queue(owner, Fixtures.run(experiment, dataset, model, 1));
        Http.Response refused = owner.post("/api/runs/" + trained + "/finish", Map.of("status", "SUCCEEDED"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("trained by a worker");
        assertThat(owner.post("/api/runs/" + run + "/clone", "{}").status()).isEqualTo(400);
    }

    @Test
    void cancellingAnExternalRunEndsItAtOnce() {
        long run = external(owner, Map.of());
        Http.Response cancelled = owner.post("/api/runs/" + run + "/cancel", "{}");
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(owner.delete("/api/runs/" + run).status()).isEqualTo(204);
    }

    private long external(Http as, Map<String, Object> params) {
        Http.Response r = as.post(
                "/api/runs/external", Map.of("experimentId", experiment, "name", "my script", "params", params));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }
}
