package dev.descent.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Checking a spec as it is written ({@code POST /api/models/validate}) and the built-in specs to start from. */
class ModelPreviewTest extends PlatformTest {
    static final String SPEC = """
            {"name": "preview-mlp", "input": [1, 28, 28],
             "layers": [{"type": "flatten"}, {"type": "linear", "out": 32}, {"type": "relu"}, {"type": "linear", "out": 10}]}""";

    @Test
    void aValidSpecAnswersItsLayersShapesAndParametersWithoutStoringAModel() {
        Http http = http();
        Http.Response r = http.post("/api/models/validate", SPEC);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("name").asString()).isEqualTo("preview-mlp");
        assertThat(body.get("parameters").asLong()).isEqualTo(784 * 32 + 32 + 32 * 10 + 10);
        assertThat(body.get("outputShape").toString()).isEqualTo("[10]");
        assertThat(body.get("layers")).hasSize(4);
        assertThat(body.get("layers").get(1).get("outputShape").toString()).isEqualTo("[32]");
        assertThat(body.get("layers").get(1).get("params").asLong()).isEqualTo(784 * 32 + 32);
        assertThat(http.get("/api/models").json().get("totalElements").asLong())
                .as("nothing stored")
                .isZero();
    }

    @Test
    void aBadSpecIsRefusedNamingTheLayerAndField() {
        Http.Response r = http().post("/api/models/validate", SPEC.replace("\"out\": 32", "\"out\": -3"));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("field").asString()).startsWith("layers[1]");
    }

    @Test
    void aBodyThatIsNoSpecIsRefused() {
        Http.Response r = http().post("/api/models/validate", "[1, 2]");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asString()).isEqualTo("$");
    }

    @Test
    void theBuiltInSpecsAreListedAndEachValidates() {
        Http http = http();
        JsonNode builtins = http.get("/api/models/builtins").json();
        assertThat(builtins).extracting(b -> b.get("name").asString()).contains("keras-mlp", "lenet");
        for (JsonNode b : builtins) {
            Http.Response r = http.post("/api/models/validate", b.get("spec").toString());
            assertThat(r.status()).as(b.get("name").asString() + ": " + r).isEqualTo(200);
        }
    }
}
