package dev.descent.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.data.Datasets;
import dev.descent.optim.Optimizers;
import dev.descent.optim.Schedules;
import dev.descent.platform.Http;
import dev.descent.platform.PlatformTest;
import dev.descent.spec.LayerSpec;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.OptimizerConfig;
import dev.descent.spec.ScheduleConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document describes every request body field by field, with types, ranges, defaults and the allowed
 * values, and its lists of optimizers, schedules, layer types, losses and synthetic kinds are training-core's own (so a
 * new optimizer that the document does not show fails here).
 */
class OpenApiDocTest extends PlatformTest {
    private JsonNode doc;
    private JsonNode schemas;

    @BeforeEach
    void readDocument() {
        Http.Response r = http().get("/v3/api-docs");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        doc = r.json();
        schemas = doc.get("components").get("schemas");
    }

    @Test
    void theRunRequestShowsTheTrainConfigWithTypesRangesAndDefaults() {
        assertThat(bodyRef("/api/runs", "post")).isEqualTo("#/components/schemas/RunRequest");
        JsonNode run = schemas.get("RunRequest");
        assertThat(texts(run.get("required"))).contains("experimentId", "datasetId", "modelId", "optimizer");
        JsonNode p = run.get("properties");
        assertThat(names(p))
                .containsExactlyInAnyOrder(
                        "experimentId",
                        "datasetId",
                        "modelId",
                        "name",
                        "priority",
                        "maxAttempts",
                        "timeoutMinutes",
                        "optimizer",
                        "schedule",
                        "batchSize",
                        "epochs",
                        "seed",
                        "valSplit",
                        "engine",
                        "device",
                        "earlyStoppingPatience",
                        "clipGradNorm");
        assertNumber(p.get("batchSize"), "integer", 1, 32);
        assertNumber(p.get("epochs"), "integer", 1, 1);
        assertThat(p.get("epochs").get("maximum").asInt()).isEqualTo(10_000);
        assertNumber(p.get("earlyStoppingPatience"), "integer", 0, 0);
        assertNumber(p.get("clipGradNorm"), "number", 0, 0);
        assertNumber(p.get("valSplit"), "number", 0, 0);
        assertThat(p.get("valSplit").get("exclusiveMaximum").asDouble()).isEqualTo(1.0);
        assertThat(p.get("seed").get("type").asString()).isEqualTo("integer");
        assertThat(p.get("seed").get("format").asString()).isEqualTo("int64");
        assertThat(texts(p.get("device").get("enum"))).containsExactly("auto", "cpu", "cuda");
        assertThat(p.get("device").get("default").asString()).isEqualTo("auto");
        assertThat(p.get("engine").get("default").asString()).isEqualTo("native");
        assertThat(p.get("maxAttempts").get("minimum").asInt()).isEqualTo(1);
        assertThat(p.get("maxAttempts").get("maximum").asInt()).isEqualTo(100);
        assertThat(p.get("optimizer").toString()).contains("#/components/schemas/OptimizerConfig");
        assertThat(p.get("schedule").toString()).contains("#/components/schemas/ScheduleConfig");
        for (String field : List.of("valSplit", "earlyStoppingPatience", "clipGradNorm", "schedule"))
            assertThat(p.get(field).path("description").asString()).as(field).isNotBlank();
        assertThat(bodyRef("/api/runs/{id}", "patch")).isEqualTo("#/components/schemas/RunPatch");
        // Cloning takes any of the same fields.
        assertThat(bodyRef("/api/runs/{id}/clone", "post")).isEqualTo("#/components/schemas/RunRequest");
    }

    @Test
    void optimizerAndScheduleTypesAndOptionsAreTrainingCoresOwn() {
        JsonNode optimizer = schemas.get("OptimizerConfig");
        assertThat(texts(optimizer.get("required"))).containsExactlyInAnyOrder("type", "lr");
        assertThat(texts(optimizer.get("properties").get("type").get("enum")))
                .containsExactlyElementsOf(OptimizerConfig.TYPES)
                .contains("sgd", "momentum", "rmsprop", "adam");
        assertThat(names(optimizer.get("properties")))
                .containsExactlyInAnyOrderElementsOf(union(List.of("type", "lr"), Optimizers.OPTIONS.values()));
        JsonNode beta1 = optimizer.get("properties").get("beta1");
        assertThat(beta1.get("default").asDouble()).isEqualTo(0.9);
        assertThat(beta1.get("exclusiveMaximum").asDouble()).isEqualTo(1.0);
        assertThat(optimizer.get("properties").get("nesterov").get("type").asString())
                .isEqualTo("boolean");

        JsonNode schedule = schemas.get("ScheduleConfig");
        assertThat(texts(schedule.get("properties").get("type").get("enum")))
                .containsExactlyElementsOf(ScheduleConfig.TYPES);
        assertThat(names(schedule.get("properties")))
                .containsExactlyInAnyOrderElementsOf(union(List.of("type"), Schedules.OPTIONS.values()));
        assertThat(schedule.get("properties").get("stepSize").get("minimum").asInt())
                .isEqualTo(1);
    }

    @Test
    void datasetSourcesListTheSyntheticKindsAndTheirParameters() {
        assertThat(bodyRef("/api/datasets", "post")).isEqualTo("#/components/schemas/DatasetSource");
        JsonNode source = schemas.get("DatasetSource");
        assertThat(source.get("oneOf").toString()).contains("FashionMnistSource", "SyntheticSource", "UrlSource");
        assertThat(source.get("discriminator").get("propertyName").asString()).isEqualTo("source");

        JsonNode synthetic = schemas.get("SyntheticSource").get("properties");
        assertThat(texts(synthetic.get("kind").get("enum"))).containsExactlyElementsOf(Datasets.SYNTHETIC);
        assertThat(texts(synthetic.get("source").get("enum"))).containsExactly("synthetic");
        assertNumber(synthetic.get("n"), "integer", 10, Datasets.SYNTHETIC_SIZE);
        assertThat(names(synthetic)).contains("seed", "testFraction", "classes", "noise", "centers", "std");
        assertThat(names(schemas.get("UrlSource").get("properties")))
                .contains("trainImages", "trainLabels", "testImages", "testLabels", "trainCsv", "testCsv");
    }

    @Test
    void aModelSpecDescribesEveryLayerTypeAndLoss() {
        for (String path : List.of("/api/models", "/api/models/validate", "/api/models/{id}/versions"))
            assertThat(bodyRef(path, "post")).as(path).isEqualTo("#/components/schemas/ModelSpec");
        JsonNode spec = schemas.get("ModelSpec");
        assertThat(texts(spec.get("properties").get("loss").get("enum")))
                .containsExactlyInAnyOrderElementsOf(ModelSpec.LOSSES);
        assertThat(spec.get("properties").get("layers").get("items").get("$ref").asString())
                .isEqualTo("#/components/schemas/LayerSpec");
        JsonNode layer = schemas.get("LayerSpec").get("properties");
        assertThat(texts(layer.get("type").get("enum"))).containsExactlyInAnyOrderElementsOf(LayerSpec.TYPES);
        assertThat(layer.get("out").get("minimum").asInt()).isEqualTo(1);
        assertThat(layer.get("p").get("default").asDouble()).isEqualTo(0.5);
    }

    @Test
    void everyJsonBodyIsADescribedSchemaAndNoneIsJacksonsTreeClass() {
        List<String> undescribed = new ArrayList<>();
        for (var path : doc.get("paths").properties()) {
            for (var op : path.getValue().properties()) {
                JsonNode content = op.getValue().path("requestBody").path("content");
                JsonNode schema = content.path("application/json").path("schema");
                if (schema.isMissingNode()) continue;
                String ref = schema.has("items")
                        ? schema.get("items").path("$ref").asString("")
                        : schema.path("$ref").asString("");
                if (!ref.startsWith("#/components/schemas/") || !schemas.has(ref.substring(21)))
                    undescribed.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + ": " + schema);
            }
        }
        assertThat(undescribed).isEmpty();
        assertThat(doc.toString()).doesNotContain("#/components/schemas/JsonNode");
        assertThat(schemas.has("JsonNode")).isFalse();
        for (String name : List.of(
                "ExperimentRequest",
                "SignInRequest",
                "PasswordChangeRequest",
                "NewUserRequest",
                "RoleChangeRequest",
                "NewTokenRequest",
                "MetricPoint",
                "RowsRequest")) assertThat(schemas.has(name)).as(name).isTrue();
        assertThat(texts(schemas.get("NewUserRequest")
                        .get("properties")
                        .get("role")
                        .get("enum")))
                .containsExactly("admin", "member", "viewer");
        assertThat(schemas.get("NewTokenRequest")
                        .get("properties")
                        .get("expiresInDays")
                        .get("maximum")
                        .asInt())
                .isEqualTo(3650);
        // The web UI's capability detection reads these views by name.
        for (String view : List.of(
                "RunView",
                "ExperimentView",
                "ModelView",
                "DatasetView",
                "WorkerView",
                "SessionView",
                "IssuedToken",
                "LatestMetric",
                "DatasetFileView",
                "WorkerDevices")) assertThat(schemas.has(view)).as(view).isTrue();
        // Names that say what they are: no bare "Me", "Issued" or "Latest" for a client generator to collide on.
        assertThat(schemas.has("Me") || schemas.has("Issued") || schemas.has("Latest"))
                .isFalse();
        assertThat(schemas.get("RunView")
                        .get("properties")
                        .get("config")
                        .path("description")
                        .asString())
                .contains("clipGradNorm");
    }

    private String bodyRef(String path, String method) {
        return doc.get("paths")
                .get(path)
                .get(method)
                .get("requestBody")
                .get("content")
                .get("application/json")
                .get("schema")
                .path("$ref")
                .asString("");
    }

    private static void assertNumber(JsonNode property, String type, double minimum, double defaultValue) {
        assertThat(property.get("type").asString()).as(property.toString()).isEqualTo(type);
        assertThat(property.get("minimum").asDouble()).as(property.toString()).isEqualTo(minimum);
        assertThat(property.get("default").asDouble()).as(property.toString()).isEqualTo(defaultValue);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) array.forEach(v -> out.add(v.asString()));
        return out;
    }

    private static Set<String> names(JsonNode object) {
        return new TreeSet<>(object.propertyNames());
    }

    private static Set<String> union(List<String> first, Collection<List<String>> rest) {
        Set<String> all = new TreeSet<>(first);
        rest.forEach(all::addAll);
        return all;
    }
}
