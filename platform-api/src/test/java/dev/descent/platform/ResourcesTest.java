package dev.descent.platform;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.platform.metrics.MetricWriter;
import dev.descent.spec.MetricPoint;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Experiments, model configs and runs through HTTP, and every kind of bad input answered 4xx naming the field. */
class ResourcesTest extends PlatformTest {
    static final String KERAS_MLP = """
            {"name": "keras-mlp", "input": [1, 28, 28],
             "layers": [{"type": "flatten"}, {"type": "linear", "out": 512}, {"type": "relu"},
                        {"type": "dropout", "p": 0.2}, {"type": "linear", "out": 10}],
             "loss": "cross_entropy"}""";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MetricWriter metrics;

    Http http;
    long experiment, dataset, model;

    @BeforeEach
    void setUp() {
        http = http();
        experiment = Fixtures.experiment(http);
        dataset = Fixtures.spirals(http, 36);
        model = Fixtures.model(http, Fixtures.TINY_MODEL);
    }

    @Test
    void aQueryParameterAnEndpointDoesNotTakeIsRefusedNamingItAndTheOnesItTakes() {
        Http.Response r = http.get("/api/runs?name=adam");
        assertProblem(r, 400, "name");
        assertThat(r.json().get("detail").asString())
                .contains("is not a parameter of GET /api/runs")
                .contains("experimentId")
                .contains("status");
        assertProblem(http.get("/api/experiments?sise=3"), 400, "sise");
        assertProblem(http.get("/api/experiments/" + experiment + "?verbose=1"), 400, "verbose");
        assertThat(http.get("/api/runs?experimentId=" + experiment + "&status=QUEUED&page=0&size=5")
                        .status())
                .isEqualTo(200);
        assertThat(http.get("/api/datasets/" + dataset + "/samples?split=train&offset=0&limit=2&format=json")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void experimentsAreRenamedAndDeletedOnlyOnceTheyHaveNoRuns() {
        long id = http.post("/api/experiments", Map.of("name", "to rename"))
                .json()
                .get("id")
                .asLong();
        JsonNode renamed = http.patch("/api/experiments/" + id, Map.of("name", "renamed", "description", "why"))
                .json();
        assertThat(renamed.get("name").asString()).isEqualTo("renamed");
        assertThat(renamed.get("description").asString()).isEqualTo("why");
        assertThat(http.patch("/api/experiments/" + id, Map.of("name", "renamed"))
                        .status())
                .as("its own name again")
                .isEqualTo(200);
        http.post("/api/experiments", Map.of("name", "taken"));
        assertProblem(http.patch("/api/experiments/" + id, Map.of("name", "taken")), 409, "name");
        assertProblem(http.patch("/api/experiments/" + id, Map.of("name", " ")), 400, "name");
        assertProblem(http.patch("/api/experiments/" + id, Map.of("nmae", "x")), 400, "nmae");
        assertProblem(http.patch("/api/experiments/424242", Map.of("name", "x")), 404, "id");

        long run = Fixtures.queue(http, Fixtures.run(id, dataset, model, 1));
        assertThat(http.patch("/api/runs/" + run, Map.of("name", "adam, lr 1e-3"))
                        .json()
                        .get("name")
                        .asString())
                .isEqualTo("adam, lr 1e-3");
        assertThat(http.get("/api/runs/" + run).json().get("name").asString()).isEqualTo("adam, lr 1e-3");
        JsonNode cleared =
                http.patch("/api/runs/" + run, "{\"name\": null}").json().get("name");
        assertThat(cleared == null || cleared.isNull()).as("null clears it").isTrue();
        assertProblem(http.patch("/api/runs/" + run, Map.of("epochs", 3)), 400, "epochs");
        assertProblem(http.patch("/api/runs/" + run, Map.of()), 400, "name");
        assertProblem(http.patch("/api/runs/424242", Map.of("name", "x")), 404, "id");
        Http.Response refused = http.delete("/api/experiments/" + id);
        assertProblem(refused, 409, "id");
        assertThat(refused.json().get("detail").asString()).contains("still has runs " + run);
        assertThat(http.delete("/api/runs/" + run).status()).isEqualTo(204);
        assertThat(http.delete("/api/experiments/" + id).status()).isEqualTo(204);
        assertProblem(http.get("/api/experiments/" + id), 404, "id");
    }

    @Test
    void experimentsAreCreatedListedAndShownWithTheirRuns() {
        Http.Response created =
                http.post("/api/experiments", Map.of("name", "optimizers", "description", "which one for the MLP"));
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        long run = Fixtures.queue(http, Fixtures.run(id, dataset, model, 1));

        JsonNode got = http.get("/api/experiments/" + id).json();
        assertThat(got.get("description").asString()).isEqualTo("which one for the MLP");
        assertThat(got.get("runs")).hasSize(1);
        assertThat(got.get("runs").get(0).get("id").asLong()).isEqualTo(run);
        assertThat(http.get("/api/experiments?size=100").json().get("content").size())
                .isGreaterThanOrEqualTo(2);

        assertProblem(http.post("/api/experiments", Map.of("name", "optimizers")), 409, "name");
        assertProblem(http.post("/api/experiments", Map.of("description", "x")), 400, "name");
        assertProblem(http.post("/api/experiments", Map.of("name", 5)), 400, "name");
        assertProblem(http.post("/api/experiments", Map.of("name", "x", "owner", "me")), 400, "owner");
        assertProblem(http.post("/api/experiments", "[1, 2]"), 400, "$");
        assertProblem(http.get("/api/experiments/424242"), 404, "id");
        assertProblem(http.get("/api/experiments/abc"), 400, "id");
        assertProblem(http.get("/api/experiments?size=0"), 400, "size");
    }

    @Test
    void modelConfigsAreInspectedVersionedAndNeverEdited() {
        Http.Response created = http.post("/api/models", KERAS_MLP);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode m = created.json();
        long id = m.get("id").asLong();
        assertThat(m.get("version").asInt()).isEqualTo(1);
        assertThat(m.get("parameters").asLong()).isEqualTo(784L * 512 + 512 + 512L * 10 + 10);
        assertThat(m.get("outputShape").toString()).isEqualTo("[10]");
        assertThat(m.get("layers")).hasSize(5);
        assertThat(m.get("layers").get(0).get("outputShape").toString()).isEqualTo("[784]");
        assertThat(m.get("layers").get(1).get("params").asLong()).isEqualTo(784L * 512 + 512);

        assertThat(http.post("/api/models", KERAS_MLP).status())
                .as("the same spec is the same version")
                .isEqualTo(200);
        Http.Response edited = http.post("/api/models", KERAS_MLP.replace("\"p\": 0.2", "\"p\": 0.5"));
        assertThat(edited.status()).isEqualTo(201);
        assertThat(edited.json().get("version").asInt()).isEqualTo(2);
        Http.Response third = http.post(
                "/api/models/" + id + "/versions",
                KERAS_MLP.replace("\"out\": 512", "\"out\": 64").replace("keras-mlp", "ignored"));
        assertThat(third.json().get("name").asString()).isEqualTo("keras-mlp");
        assertThat(third.json().get("version").asInt()).isEqualTo(3);
        assertThat(http.get("/api/models/" + id).json().get("versions")).hasSize(3);
        assertThat(http.get("/api/models/" + id)
                        .json()
                        .get("layers")
                        .get(1)
                        .get("outputShape")
                        .toString())
                .as("v1 unchanged")
                .isEqualTo("[512]");
        assertThat(http.get("/api/models?name=keras-mlp")
                        .json()
                        .get("totalElements")
                        .asInt())
                .isEqualTo(3);

        Http.Response put = http.put("/api/models/" + id, KERAS_MLP);
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.json().get("detail").asString()).contains("immutable");

        int before = count("models");
        Http.Response mismatch = http.post("/api/models", """
                {"name": "bad", "input": [1, 28, 28], "layers": [{"type": "flatten"}, {"type": "conv2d", "out": 8, "kernel": 3}]}""");
        assertThat(mismatch.status()).as(mismatch.toString()).isEqualTo(400);
        assertThat(mismatch.json().get("field").asString()).startsWith("layers[1]");
        assertThat(mismatch.json().get("detail").asString()).contains("784");
        assertProblem(http.post("/api/models", """
                {"name": "bad", "input": [2], "layers": [{"type": "linear", "out": -3}]}"""), 400, "layers[0].out");
        assertProblem(http.post("/api/models", """
                {"name": "bad", "input": [2], "layers": [{"type": "quantum"}]}"""), 400, "layers[0].type");
        assertProblem(http.post("/api/models", """
                {"name": "bad", "layers": [{"type": "relu"}]}"""), 400, "input");
        assertProblem(http.post("/api/models", "{\"name\": "), 400, "$");
        assertThat(count("models")).isEqualTo(before);
    }

    @Test
    void runsAreListedFilteredSortedPagedClonedAndDeleted() {
        long other = Fixtures.experiment(http);
        long a = Fixtures.queue(http, with(Fixtures.run(experiment, dataset, model, 1), "priority", 5));
        long b = Fixtures.queue(http, with(Fixtures.run(experiment, dataset, model, 2), "priority", 9));
        long c = Fixtures.queue(http, Fixtures.run(other, dataset, model, 3));
        http.post("/api/runs/" + c + "/cancel", "");

        JsonNode page = http.get("/api/runs?experimentId=" + experiment + "&sort=priority,desc&size=1")
                .json();
        assertThat(page.get("totalElements").asInt()).isEqualTo(2);
        assertThat(page.get("totalPages").asInt()).isEqualTo(2);
        assertThat(page.get("content").get(0).get("id").asLong()).isEqualTo(b);
        assertThat(http.get("/api/runs?experimentId=" + experiment + "&sort=priority,desc&size=1&page=1")
                        .json()
                        .get("content")
                        .get(0)
                        .get("id")
                        .asLong())
                .isEqualTo(a);
        JsonNode cancelled =
                http.get("/api/runs?status=CANCELLED&experimentId=" + other).json();
        assertThat(cancelled.get("content")).hasSize(1);
        assertThat(http.get("/api/runs?status=QUEUED&status=CANCELLED&modelId=" + model + "&size=200")
                        .json()
                        .get("totalElements")
                        .asInt())
                .isGreaterThanOrEqualTo(3);

        JsonNode run = http.get("/api/runs/" + a).json();
        assertThat(run.get("config").get("optimizer").get("lr").asDouble()).isEqualTo(0.1);
        assertThat(run.get("status").asString()).isEqualTo("QUEUED");
        assertThat(run.get("attempt").asInt()).isEqualTo(1);
        assertThat(run.get("createdAt").asString()).isNotBlank();

        Http.Response clone =
                http.post("/api/runs/" + a + "/clone", Map.of("optimizer", Map.of("lr", 0.01), "seed", 77));
        assertThat(clone.status()).as(clone.toString()).isEqualTo(201);
        JsonNode cloned = clone.json();
        assertThat(cloned.get("id").asLong()).isNotEqualTo(a);
        assertThat(cloned.get("config").get("optimizer").get("lr").asDouble()).isEqualTo(0.01);
        assertThat(cloned.get("config").get("optimizer").get("type").asString()).isEqualTo("sgd");
        assertThat(cloned.get("config").get("seed").asLong()).isEqualTo(77);
        assertThat(cloned.get("priority").asInt()).isEqualTo(5);
        assertProblem(
                http.post("/api/runs/" + a + "/clone", Map.of("optimizer", Map.of("lr", -1))), 400, "optimizer.lr");
        assertThat(http.post("/api/runs/" + a + "/clone", "").status())
                .as("a plain copy")
                .isEqualTo(201);

        // As its worker would log them.
        metrics.write(a, List.of(new MetricPoint("train/loss", 1, 1.0, Instant.now())));
        jdbc.update("insert into checkpoints (run_id, epoch, step, attempt, content) values (?, 1, 1, 1, '\\x00')", a);
        assertThat(http.delete("/api/runs/" + a).status()).isEqualTo(204);
        assertThat(http.get("/api/runs/" + a).status()).isEqualTo(404);
        for (String table : List.of("metrics", "metric_rollups", "latest_metrics", "checkpoints")) {
            assertThat(jdbc.queryForObject("select count(*) from " + table + " where run_id = ?", Integer.class, a))
                    .as(table)
                    .isZero();
        }
        jdbc.update("update runs set status = 'RUNNING' where id = ?", b);
        assertProblem(http.delete("/api/runs/" + b), 409, null);

        assertProblem(http.get("/api/runs?sort=loss"), 400, "sort");
        assertProblem(http.get("/api/runs?sort=priority,sideways"), 400, "sort");
        assertProblem(http.get("/api/runs?status=DONE"), 400, "status");
        assertProblem(http.get("/api/runs?page=-1"), 400, "page");
        assertProblem(http.get("/api/runs?experimentId=x"), 400, "experimentId");
    }

    @Test
    void everyListRefusesBadPagingNamingTheParameter() {
        for (String list : List.of("/api/runs", "/api/experiments", "/api/models", "/api/datasets")) {
            assertThat(http.get(list + "?page=1&size=1").status()).as(list).isEqualTo(200);
            assertProblem(http.get(list + "?page=-1"), 400, "page");
            assertProblem(http.get(list + "?size=0"), 400, "size");
            assertProblem(http.get(list + "?size=-5"), 400, "size");
            assertProblem(http.get(list + "?size=201"), 400, "size");
            assertProblem(http.get(list + "?page=x"), 400, "page");
            assertProblem(http.get(list + "?page=99999999999"), 400, "page");
            // The offset, page * size, would not fit the int the database query takes.
            assertProblem(http.get(list + "?page=2147483647&size=2"), 400, "page");
            assertProblem(http.get(list + "?page=20000000&size=200"), 400, "page");
            JsonNode last = http.get(list + "?page=10737418&size=200").json();
            assertThat(last.get("content"))
                    .as(list + ", the last page whose offset fits")
                    .isEmpty();
        }
    }

    @Test
    void textPostgreSQLCannotStoreIsRefusedNamingTheField() {
        // A NUL character is valid JSON but neither text nor jsonb columns hold one.
        String nul = "a\u0000b";
        assertProblem(http.post("/api/experiments", Map.of("name", nul)), 400, "name");
        assertProblem(
                http.post("/api/experiments", Map.of("name", "fine-" + System.nanoTime(), "description", nul)),
                400,
                "description");
        assertProblem(
                http.post("/api/runs", with(Fixtures.run(experiment, dataset, model, 1), "name", nul)), 400, "name");
        assertProblem(
                http.post("/api/models", Fixtures.TINY_MODEL.replace("\"tiny\"", "\"tiny\\u0000\"")), 400, "name");
        assertProblem(
                http.post(
                        "/api/runs/" + Fixtures.external(http, experiment) + "/metrics",
                        List.of(Map.of("key", nul, "step", 1, "value", 1.0))),
                400,
                "[0].key");
        assertProblem(
                http.post(
                        "/api/runs",
                        with(
                                Fixtures.run(experiment, dataset, model, 3),
                                "optimizer",
                                Map.of("type", "sgd", "lr", 0.1, nul, 1))),
                400,
                "optimizer");
        assertProblem(
                http.multipart("/api/datasets", Map.of("trainCsv", "0,1,2\n".getBytes(UTF_8)), Map.of("name", nul)),
                400,
                "name");
    }

    @Test
    void badRunRequestsAreRefusedNamingTheFieldAndStoreNothing() {
        int before = count("runs");
        long image = Fixtures.model(http, """
                {"name": "image", "input": [1, 28, 28], "layers": [{"type": "flatten"}, {"type": "linear", "out": 10}]}""");
        long twoClasses = Fixtures.model(http, """
                {"name": "two", "input": [2], "layers": [{"type": "linear", "out": 2}]}""");
        Map<String, Consumer<Map<String, Object>>> cases = new LinkedHashMap<>();
        cases.put("experimentId", r -> r.remove("experimentId"));
        cases.put("modelId", r -> r.put("modelId", 987654));
        cases.put("datasetId", r -> r.put("datasetId", "three"));
        cases.put("epochs", r -> r.put("epochs", "five"));
        cases.put("batchSize", r -> r.put("batchSize", -8));
        cases.put("optimizer", r -> r.remove("optimizer"));
        cases.put("optimizer.lr", r -> r.put("optimizer", Map.of("type", "adam", "lr", -1)));
        cases.put("optimizer.type", r -> r.put("optimizer", Map.of("type", "adamax", "lr", 0.1)));
        cases.put("optimizer.momentumm", r -> r.put("optimizer", Map.of("type", "sgd", "lr", 0.1, "momentumm", 0.9)));
        cases.put("schedule.type", r -> r.put("schedule", Map.of("type", "sawtooth")));
        cases.put("engine", r -> r.put("engine", "tensorflow"));
        cases.put("device", r -> r.put("device", "tpu"));
        cases.put("valSplit", r -> r.put("valSplit", 1.5));
        cases.put("priority", r -> r.put("priority", 1.5));
        cases.put("epoch", r -> r.put("epoch", 3));
        cases.put("datasetId ", r -> r.put("modelId", image));
        cases.put("modelId ", r -> r.put("modelId", twoClasses));
        cases.forEach((field, change) -> {
            Map<String, Object> body = new HashMap<>(Fixtures.run(experiment, dataset, model, 5));
            change.accept(body);
            assertProblem(http.post("/api/runs", body), 400, field.strip());
        });
        assertProblem(http.post("/api/runs", "{\"experimentId\": "), 400, "$");
        assertProblem(http.post("/api/runs", "\"run\""), 400, "$");
        Http.Response form = http.multipart("/api/runs", Map.of(), Map.of("experimentId", "1"));
        assertThat(form.status()).isEqualTo(415);
        assertThat(count("runs")).isEqualTo(before);

        assertProblem(http.get("/api/runs/31337"), 404, "id");
        assertProblem(http.post("/api/runs/31337/cancel", ""), 404, "id");
        assertProblem(http.post("/api/runs/31337/clone", ""), 404, "id");
        assertProblem(http.delete("/api/runs/31337"), 404, "id");
        assertThat(http.get("/api/nowhere").status()).isEqualTo(404);
        Http.Response docs = http.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/runs/{id}/stream")).isTrue();
        assertThat(http.delete("/api/experiments").status()).isEqualTo(405);
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        body.put(field, value);
        return body;
    }

    private int count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Integer.class);
    }

    private static void assertProblem(Http.Response r, int status, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).as(r.toString()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("detail").asString()).isNotBlank();
        if (field != null)
            assertThat(p.get("field").asString()).as(r.toString()).isEqualTo(field);
    }
}
