package dev.descent.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.platform.workers.WorkerPool;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Small things to train on: an experiment, a synthetic dataset, a one-layer model, a run request. */
public final class Fixtures {
    /** A linear classifier for the 2-feature, 3-class synthetic spirals. */
    public static final String TINY_MODEL = """
            {"name": "tiny", "input": [2], "layers": [{"type": "linear", "out": 3}], "loss": "cross_entropy"}""";

    private Fixtures() {}

    /**
     * A new account with {@code role} (admin, member or viewer), made by {@code admin}; answers a client signed with a
     * personal token the account made for itself through a browser session, as a user would.
     */
    public static Http user(Http admin, String role) {
        String username = role + "-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "password-of-" + username;
        Http.Response made = admin.post("/api/users", Map.of("username", username, "password", password, "role", role));
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        Browser browser = Browser.signIn(admin.base(), username, password);
        Http.Response token = browser.post("/api/tokens", "{\"name\": \"tests\"}");
        assertThat(token.status()).as(token.toString()).isEqualTo(201);
        return admin.as(token.json().get("token").asString());
    }

    /**
     * After a test that started workers: stops them and ends every run still queued or running, so the next test's
     * workers do not claim them.
     */
    public static void stopWorkersAndEndRuns(WorkerPool pool, JdbcTemplate jdbc) {
        pool.workers().forEach(pool::stop);
        jdbc.update("update runs set status = 'CANCELLED', finished_at = now() where status in ('QUEUED', 'RUNNING')");
    }

    public static long experiment(Http http) {
        Http.Response r = http.post("/api/experiments", Map.of("name", "exp-" + UUID.randomUUID()));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    /** Spirals with {@code n} samples (a sixth held out for test), 3 classes. */
    public static long spirals(Http http, int n) {
        Http.Response r = http.post("/api/datasets", Map.of("source", "synthetic", "kind", "spirals", "n", n));
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
        return r.json().get("id").asLong();
    }

    public static long model(Http http, String spec) {
        Http.Response r = http.post("/api/models", spec);
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
        return r.json().get("id").asLong();
    }

    /** A run request on the test engine; callers add or change fields. */
    public static Map<String, Object> run(long experimentId, long datasetId, long modelId, long seed) {
        Map<String, Object> body = new HashMap<>();
        body.put("experimentId", experimentId);
        body.put("datasetId", datasetId);
        body.put("modelId", modelId);
        body.put("optimizer", Map.of("type", "sgd", "lr", 0.1));
        body.put("batchSize", 8);
        body.put("epochs", 1);
        body.put("seed", seed);
        body.put("engine", "test");
        return body;
    }

    /** An external run in the experiment, RUNNING and owned by the caller: what a person may log metrics to. */
    public static long external(Http http, long experimentId) {
        Http.Response r = http.post("/api/runs/external", Map.of("experimentId", experimentId));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    public static long queue(Http http, Map<String, Object> body) {
        Http.Response r = http.post("/api/runs", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode run = r.json();
        assertThat(run.get("status").asString()).isEqualTo("QUEUED");
        return run.get("id").asLong();
    }
}
