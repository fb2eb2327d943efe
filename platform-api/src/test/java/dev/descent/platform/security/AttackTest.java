package dev.descent.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.platform.Fixtures;
import dev.descent.platform.Http;
import dev.descent.platform.PlatformTest;
import dev.descent.platform.queue.JobQueue;
import dev.descent.platform.runs.ClaimedRun;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Every change the API offers (read from its own OpenAPI document, so a new endpoint is attacked too) tried by a caller
 * who may not make it: no token, a viewer, another member. Each is refused 401 or 403 as problem details, and nothing
 * the admin owns changes.
 */
class AttackTest extends PlatformTest {
    private static final Set<String> CHANGES = Set.of("post", "put", "patch", "delete");
    /** Open to every signed-in account by design: signing in and out, one's own tokens, checking a spec. */
    private static final Set<String> OWN_ACCOUNT =
            Set.of("/api/session", "/api/session/password", "/api/tokens", "/api/tokens/{id}", "/api/models/validate");

    @Autowired
    DataSource dataSource;

    @Autowired
    JobQueue queue;

    private long experiment, dataset, model, run;

    @BeforeEach
    void adminsThings() {
        experiment = Fixtures.experiment(http());
        dataset = Fixtures.spirals(http(), 60);
        model = Fixtures.model(http(), Fixtures.TINY_MODEL);
        run = Fixtures.queue(http(), Fixtures.run(experiment, dataset, model, 1));
    }

    record Endpoint(String method, String template) {
        String path(long id) {
            return template.replaceAll("\\{[^}]+}", Long.toString(id));
        }
    }

    private List<Endpoint> changes() {
        JsonNode doc = http().get("/v3/api-docs").json();
        List<Endpoint> found = new ArrayList<>();
        for (var path : doc.get("paths").properties()) {
            for (String method : path.getValue().propertyNames()) {
                if (CHANGES.contains(method)) found.add(new Endpoint(method.toUpperCase(Locale.ROOT), path.getKey()));
            }
        }
        assertThat(found).as("the API document lists the changes").hasSizeGreaterThan(8);
        return found;
    }

    private String snapshot() {
        return http().get("/api/runs").text()
                + http().get("/api/datasets").text()
                + http().get("/api/models").text()
                + http().get("/api/experiments").text()
                + http().get("/api/runs/" + run + "/metrics").text();
    }

    private static Http.Response send(Http client, Endpoint e, long id) {
        return client.send(client.request(e.path(id))
                .header("Content-Type", "application/json")
                .method(e.method(), HttpRequest.BodyPublishers.ofString("{}")));
    }

    @Test
    void noChangeWithoutAToken() {
        String before = snapshot();
        Http anonymous = http().anonymous();
        for (Endpoint e : changes()) {
            Http.Response r = send(anonymous, e, run);
            if (e.template().equals("/api/session") && e.method().equals("POST")) continue; // signing in
            assertThat(r.status()).as(e + " without a token: " + r).isEqualTo(401);
            assertThat(r.header("Content-Type")).as(e.toString()).startsWith("application/problem+json");
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void noChangeByAViewer() {
        String before = snapshot();
        Http viewer = Fixtures.user(http(), "viewer");
        for (Endpoint e : changes()) {
            if (OWN_ACCOUNT.contains(e.template())) continue;
            Http.Response r = send(viewer, e, run);
            assertThat(r.status()).as(e + " by a viewer: " + r).isEqualTo(403);
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void noChangeToAnotherMembersThings() {
        String before = snapshot();
        Http mallory = Fixtures.user(http(), "member");
        List<Http.Response> refused = List.of(
                mallory.post("/api/runs/" + run + "/cancel", ""),
                mallory.delete("/api/runs/" + run),
                mallory.post(
                        "/api/runs/" + run + "/metrics", List.of(Map.of("key", "train/loss", "step", 1, "value", 0))),
                mallory.delete("/api/datasets/" + dataset),
                mallory.post(
                        "/api/models/" + model + "/versions", Fixtures.TINY_MODEL.replace("\"out\": 3", "\"out\": 4")),
                mallory.post("/api/models", Fixtures.TINY_MODEL.replace("\"out\": 3", "\"out\": 5")),
                mallory.get("/api/users"));
        for (Http.Response r : refused) {
            assertThat(r.status()).as(r.toString()).isEqualTo(403);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(snapshot()).isEqualTo(before);

        // What is a member's own, it changes: a clone of the admin's run becomes the member's run.
        long clone = mallory.post("/api/runs/" + run + "/clone", Map.of("seed", 9))
                .json()
                .get("id")
                .asLong();
        assertThat(mallory.post("/api/runs/" + clone + "/cancel", "").status()).isEqualTo(200);
        assertThat(mallory.delete("/api/runs/" + clone).status()).isEqualTo(204);
    }

    @Test
    void aWorkersLeaseTokenLogsItsOwnRunsMetricsAndNothingElse() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update(
                "insert into workers (id, host, pid, cpu_cores, memory_mb, state) values ('w', 'h', 1, 1, 1, 'IDLE')");
        // The oldest queued run of this class's database is the one claimed.
        ClaimedRun claimed = queue.claim("w", false).orElseThrow();
        long held = claimed.id();
        long other = Fixtures.queue(http(), Fixtures.run(experiment, dataset, model, 2));
        Http worker = http().as(claimed.leaseToken());
        var point = List.of(Map.of("key", "train/loss", "step", 1, "value", 0.5));

        assertThat(worker.post("/api/runs/" + held + "/metrics", point).status())
                .isEqualTo(200);
        Http.Response elsewhere = worker.post("/api/runs/" + other + "/metrics", point);
        assertThat(elsewhere.status()).isEqualTo(403);
        assertThat(worker.get("/api/runs").status())
                .as("a lease token reads nothing")
                .isEqualTo(403);
        assertThat(worker.post("/api/runs/" + held + "/cancel", "").status()).isEqualTo(403);
        assertThat(worker.post("/api/tokens", Map.of("name", "escalate")).status())
                .isEqualTo(403);
        assertThat(http().get("/api/runs/" + other + "/metrics")
                        .json()
                        .get("series")
                        .isEmpty())
                .isTrue();

        // Once the run has left its worker the token is worth nothing.
        queue.requeue(held, "w");
        assertThat(worker.post("/api/runs/" + held + "/metrics", point).status())
                .isEqualTo(401);
    }

    @Test
    void aSharedDatasetIsDeletedOnlyWithItsLastReference() {
        Http alice = Fixtures.user(http(), "member"), bob = Fixtures.user(http(), "member");
        Map<String, Object> same = Map.of("source", "synthetic", "kind", "blobs", "n", 90);
        long a = alice.post("/api/datasets", same).json().get("id").asLong();
        long b = bob.post("/api/datasets", same).json().get("id").asLong();
        assertThat(b).as("identical data is one dataset").isEqualTo(a);

        assertThat(alice.delete("/api/datasets/" + a).status()).isEqualTo(204);
        assertThat(bob.get("/api/datasets/" + a).status())
                .as("alice's delete left bob's")
                .isEqualTo(200);
        assertThat(alice.delete("/api/datasets/" + a).status())
                .as("alice holds no reference any more")
                .isEqualTo(403);
        assertThat(bob.delete("/api/datasets/" + a).status()).isEqualTo(204);
        assertThat(bob.get("/api/datasets/" + a).status()).isEqualTo(404);
    }

    @Test
    void aFinishedRunsMetricsAreFinal() {
        assertThat(http().post("/api/runs/" + run + "/cancel", "").status()).isEqualTo(200);
        Http.Response r = http().post(
                        "/api/runs/" + run + "/metrics",
                        List.of(Map.of("key", "test/accuracy", "step", 1, "value", 1.0)));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("detail").asString()).contains("final");
    }

    @Test
    void formsAndTextAreRefusedWhereJsonIsExpected() {
        // A bearer token passes the CSRF check (no browser sends one by itself), so the content type is what a
        // forged form would meet here.
        for (String type :
                List.of("application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x")) {
            Http.Response r = http().send(http().request("/api/runs/" + run + "/cancel")
                    .header("Content-Type", type)
                    .header("Origin", "http://evil.example")
                    .POST(HttpRequest.BodyPublishers.ofString("a=b")));
            assertThat(r.status()).as(type).isEqualTo(415);
        }
        assertThat(http().get("/api/runs/" + run).json().get("status").asString())
                .isEqualTo("QUEUED");
        // No CORS answer invites another origin in.
        Http.Response preflight = http().send(http().request("/api/runs")
                .header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
    }
}
