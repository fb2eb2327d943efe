package dev.descent.platform.sweeps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.platform.web.ApiProblem;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Expanding a sweep's parameter space: grids, seeded draws, ranges, and setting values by dotted path. */
class SweepSpaceTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static SweepSpace space(String json) {
        return SweepSpace.parse(JSON.readTree(json));
    }

    @Test
    void aGridIsTheExactCrossProductFirstParameterSlowest() {
        SweepSpace s = space("""
                {"optimizer.type": ["sgd", "adam"], "batchSize": [8, 16, 32], "optimizer.lr": [0.1, 0.01]}""");
        List<Map<String, JsonNode>> grid = s.grid(1000);
        assertThat(grid).hasSize(12);
        Set<String> seen = new HashSet<>();
        for (Map<String, JsonNode> c : grid) seen.add(c.toString());
        assertThat(seen).as("no combination twice").hasSize(12);
        for (String type : List.of("\"sgd\"", "\"adam\""))
            for (String batch : List.of("8", "16", "32"))
                for (String lr : List.of("0.1", "0.01"))
                    assertThat(seen)
                            .contains(
                                    "{optimizer.type=" + type + ", batchSize=" + batch + ", optimizer.lr=" + lr + "}");
        assertThat(grid.getFirst().toString()).isEqualTo("{optimizer.type=\"sgd\", batchSize=8, optimizer.lr=0.1}");
        assertThat(grid.get(1).toString()).isEqualTo("{optimizer.type=\"sgd\", batchSize=8, optimizer.lr=0.01}");
    }

    @Test
    void aGridLargerThanMaxRunsIsRefusedBeforeItIsBuilt() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < 30; i++)
            b.append(i == 0 ? "" : ",").append("\"optimizer.p").append(i).append("\": [1,2,3]");
        SweepSpace huge = space(b.append("}").toString());
        assertThatThrownBy(() -> huge.grid(1000))
                .isInstanceOf(ApiProblem.class)
                .extracting(e -> ((ApiProblem) e).field())
                .isEqualTo("maxRuns");
    }

    @Test
    void randomDrawsAreReproducibleFromTheSeedAndStayInTheirRanges() {
        String json = """
                {"optimizer.type": ["sgd", "momentum", "rmsprop", "adam"],
                 "optimizer.lr": {"min": 1e-4, "max": 1e-1, "scale": "log"},
                 "batchSize": {"min": 16, "max": 256, "scale": "log", "type": "int"},
                 "epochs": {"min": 1, "max": 3, "type": "int"},
                 "valSplit": {"min": 0.1, "max": 0.3}}""";
        List<Map<String, JsonNode>> a = space(json).random(200, 42);
        assertThat(space(json).random(200, 42)).isEqualTo(a);
        assertThat(space(json).random(200, 43)).isNotEqualTo(a);
        Set<Long> epochs = new HashSet<>();
        Set<String> types = new HashSet<>();
        for (Map<String, JsonNode> c : a) {
            assertThat(c.get("optimizer.lr").asDouble()).isBetween(1e-4, 1e-1);
            assertThat(c.get("batchSize").isIntegralNumber()).isTrue();
            assertThat(c.get("batchSize").asLong()).isBetween(16L, 256L);
            assertThat(c.get("valSplit").asDouble()).isBetween(0.1, 0.3);
            epochs.add(c.get("epochs").asLong());
            types.add(c.get("optimizer.type").asString());
        }
        assertThat(epochs).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(types).hasSize(4);
        // Log-uniform: about as many draws in each decade.
        long lowDecade =
                a.stream().filter(c -> c.get("optimizer.lr").asDouble() < 1e-3).count();
        assertThat(lowDecade).isBetween(40L, 95L);
    }

    @Test
    void valuesAreSetByDottedPathOnACopyOfTheBase() {
        ObjectNode base = (ObjectNode) JSON.readTree("""
                {"optimizer": {"type": "sgd", "lr": 0.1}, "batchSize": 8}""");
        ObjectNode applied = SweepSpace.apply(
                base,
                Map.of(
                        "optimizer.lr",
                        JSON.readTree("0.5"),
                        "schedule.gamma",
                        JSON.readTree("0.9"),
                        "batchSize",
                        JSON.readTree("64")));
        assertThat(applied.toString())
                .isEqualTo(
                        "{\"optimizer\":{\"type\":\"sgd\",\"lr\":0.5},\"batchSize\":64,\"schedule\":{\"gamma\":0.9}}");
        assertThat(base.get("batchSize").asInt()).as("the base is untouched").isEqualTo(8);
        assertThat(SweepSpace.at(applied, "optimizer.type").asString()).isEqualTo("sgd");
    }

    @Test
    void hostileParametersAreRefusedNamingThem() {
        assertRefused("{\"experimentId\": [1, 2]}", "parameters.experimentId");
        assertRefused("{\"optimizer..lr\": [1]}", "parameters.optimizer..lr");
        assertRefused("{\"optimizer.a.b.c.d\": [1]}", "parameters.optimizer.a.b.c.d");
        assertRefused("{\"optimizer.lr\": []}", "parameters.optimizer.lr");
        assertRefused("{\"optimizer.lr\": {\"min\": 1, \"max\": 0}}", "parameters.optimizer.lr.min");
        assertRefused(
                "{\"optimizer.lr\": {\"min\": 0, \"max\": 1, \"scale\": \"log\"}}", "parameters.optimizer.lr.min");
        assertRefused(
                "{\"optimizer.lr\": {\"min\": 0, \"max\": 1, \"scale\": \"cubic\"}}", "parameters.optimizer.lr.scale");
        assertRefused("{\"batchSize\": {\"min\": 1.5, \"max\": 8, \"type\": \"int\"}}", "parameters.batchSize");
        assertRefused("{\"optimizer\": [1], \"optimizer.lr\": [1]}", "parameters.optimizer.lr");
        assertRefused("{\"optimizer.lr\": 0.1}", "parameters.optimizer.lr");
        assertRefused("{}", "parameters");
    }

    private static void assertRefused(String json, String field) {
        assertThatThrownBy(() -> space(json))
                .as(json)
                .isInstanceOf(ApiProblem.class)
                .extracting(e -> ((ApiProblem) e).field())
                .isEqualTo(field);
    }
}
