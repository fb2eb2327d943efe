package dev.descent.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.platform.Fixtures;
import dev.descent.platform.Http;
import dev.descent.platform.PlatformTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every POST, PUT and PATCH body refuses a field it does not know (a typo at the top level or inside an optimizer,
 * schedule, layer or metric point) and a value of the wrong type with 400 naming the field, as a problem detail: a
 * misspelt setting is never silently ignored, and no body causes a 5xx.
 */
class UnknownFieldTest extends PlatformTest {
    private long experiment;
    private long dataset;
    private long model;
    private long run;

    @BeforeEach
    void fixtures() {
        experiment = Fixtures.experiment(http());
        dataset = Fixtures.spirals(http(), 60);
        model = Fixtures.model(http(), Fixtures.TINY_MODEL);
        run = Fixtures.queue(http(), Fixtures.run(experiment, dataset, model, 1));
    }

    private static void assertRefused(Http.Response r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.header("Content-Type")).as(r.toString()).startsWith("application/problem+json");
        assertThat(r.json().get("field").asString()).as(r.toString()).isEqualTo(field);
    }

    private String runWith(String field, String json) {
        Map<String, Object> body = Fixtures.run(experiment, dataset, model, 2);
        body.put(field, "@@");
        return Http.JSON.writeValueAsString(body).replace("\"@@\"", json);
    }

    @Test
    void runCreationAndCloningRefuseUnknownFieldsAtEveryLevelAndWrongTypes() {
        assertRefused(http().post("/api/runs", runWith("epoch", "3")), "epoch");
        assertRefused(http().post("/api/runs", runWith("valsplit", "0.1")), "valsplit");
        assertRefused(
                http().post("/api/runs", runWith("optimizer", "{\"type\": \"adam\", \"lr\": 0.001, \"betas\": 0.9}")),
                "optimizer.betas");
        assertRefused(
                http().post("/api/runs", runWith("optimizer", "{\"type\": \"sgd\", \"lr\": 0.1, \"beta1\": 0.9}")),
                "optimizer.beta1");
        assertRefused(
                http().post("/api/runs", runWith("schedule", "{\"type\": \"step\", \"stepSize\": 1, \"gama\": 0.5}")),
                "schedule.gama");
        assertRefused(http().post("/api/runs", runWith("batchSize", "\"32\"")), "batchSize");
        assertRefused(http().post("/api/runs", runWith("valSplit", "\"a tenth\"")), "valSplit");
        assertRefused(http().post("/api/runs", runWith("clipGradNorm", "true")), "clipGradNorm");
        assertRefused(
                http().post("/api/runs", runWith("optimizer", "{\"type\": \"adam\", \"lr\": \"fast\"}")),
                "optimizer.lr");
        assertRefused(http().post("/api/runs", runWith("optimizer", "\"adam\"")), "optimizer");

        assertRefused(http().post("/api/runs/" + run + "/clone", "{\"seeed\": 3}"), "seeed");
        assertRefused(http().post("/api/runs/" + run + "/clone", "{\"optimizer\": {\"lrr\": 0.5}}"), "optimizer.lrr");
        assertRefused(http().post("/api/runs/" + run + "/clone", "{\"epochs\": [1]}"), "epochs");
        assertRefused(http().patch("/api/runs/" + run, "{\"nmae\": \"x\"}"), "nmae");
        assertRefused(http().patch("/api/runs/" + run, "{\"name\": 5}"), "name");
        assertRefused(http().patch("/api/runs/" + run, "{\"tags\": [\"a\", 5]}"), "tags[1]");
    }

    @Test
    void experimentsDatasetsAndModelsRefuseUnknownFieldsAndWrongTypes() {
        assertRefused(
                http().post("/api/experiments", "{\"name\": \"e-unknown\", \"descripton\": \"d\"}"), "descripton");
        assertRefused(http().post("/api/experiments", "{\"name\": 7}"), "name");
        assertRefused(http().patch("/api/experiments/" + experiment, "{\"title\": \"x\"}"), "title");
        assertRefused(http().patch("/api/experiments/" + experiment, "{\"description\": [1]}"), "description");

        assertRefused(
                http().post("/api/datasets", "{\"source\": \"synthetic\", \"kind\": \"spirals\", \"noize\": 0.1}"),
                "noize");
        assertRefused(
                http().post("/api/datasets", "{\"source\": \"synthetic\", \"kind\": \"moons\", \"centers\": 3}"),
                "centers");
        assertRefused(
                http().post("/api/datasets", "{\"source\": \"synthetic\", \"kind\": \"spirals\", \"n\": \"many\"}"),
                "n");
        assertRefused(http().post("/api/datasets", "{\"source\": \"fashion-mnist\", \"kind\": \"x\"}"), "kind");
        assertRefused(
                http().post("/api/datasets", "{\"source\": \"url\", \"trainImage\": \"https://example.org/a\"}"),
                "trainImage");

        String layerTypo = Fixtures.TINY_MODEL.replace("\"out\": 3", "\"out\": 3, \"outt\": 2");
        String topTypo = Fixtures.TINY_MODEL.replace("\"loss\"", "\"loss_fn\"");
        String wrongType = Fixtures.TINY_MODEL.replace("\"out\": 3", "\"out\": \"3\"");
        for (String path : new String[] {"/api/models", "/api/models/validate", "/api/models/" + model + "/versions"}) {
            assertRefused(http().post(path, layerTypo), "layers[0].outt");
            assertRefused(http().post(path, topTypo), "loss_fn");
            assertRefused(http().post(path, wrongType), "layers[0].out");
        }
    }

    @Test
    void metricsPredictionsAndAccountBodiesRefuseUnknownFieldsAndWrongTypes() {
        // A person logs only to an external run of their own.
        String metrics = "/api/runs/" + Fixtures.external(http(), experiment) + "/metrics";
        assertRefused(http().post(metrics, "[{\"key\": \"a\", \"step\": 1, \"value\": 1, \"stpe\": 2}]"), "[0].stpe");
        assertRefused(http().post(metrics, "[{\"key\": \"a\", \"step\": 1, \"value\": \"x\"}]"), "[0].value");

        // A record-typed body: Jackson refuses the unknown field (FAIL_ON_UNKNOWN_PROPERTIES) and the wrong type.
        String predict = "/api/runs/" + run + "/predict";
        assertRefused(http().post(predict, "{\"rows\": [[0.1, 0.2]], \"topk\": 3}"), "topk");
        assertRefused(http().post(predict, "{\"rows\": [[0.1, 0.2]], \"top\": {\"k\": 3}}"), "top");
        Http.Response unknown = http().post(predict, "{\"rows\": [[0.1, 0.2]], \"topk\": 3}");
        assertThat(unknown.json().get("detail").asString()).contains("not a known field", "rows", "top");

        assertRefused(http().post("/api/tokens", "{\"name\": \"t\", \"expires\": 3}"), "expires");
        assertRefused(http().post("/api/tokens", "{\"name\": \"t\", \"expiresInDays\": \"3\"}"), "expiresInDays");
        assertRefused(
                http().post(
                                "/api/users",
                                "{\"username\": \"u1\", \"password\": \"a-long-password\", \"rol\": \"viewer\"}"),
                "rol");
        assertRefused(
                http().post("/api/users", "{\"username\": [\"u\"], \"password\": \"a-long-password\"}"), "username");
        Http.Response made = http().post(
                        "/api/users",
                        "{\"username\": \"u2\", \"password\": \"a-long-password\", \"role\": \"viewer\"}");
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        long user = made.json().get("id").asLong();
        assertRefused(http().put("/api/users/" + user + "/role", "{\"role\": \"member\", \"why\": 1}"), "why");
        assertRefused(http().put("/api/users/" + user + "/role", "{\"role\": 1}"), "role");
        assertRefused(
                http().put("/api/session/password", "{\"newPassword\": \"another-long-one\", \"oldPassword\": \"x\"}"),
                "oldPassword");
        assertRefused(
                http().post(
                                "/api/session",
                                "{\"username\": \"u2\", \"password\": \"a-long-password\", \"remember\": true}"),
                "remember");
    }
}
