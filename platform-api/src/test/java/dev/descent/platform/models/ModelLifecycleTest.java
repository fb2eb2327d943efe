package dev.descent.platform.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.platform.Fixtures;
import dev.descent.platform.Http;
import dev.descent.platform.PlatformTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Models are renamed (every version of the name) and deleted by their owner, never from under a run. */
class ModelLifecycleTest extends PlatformTest {
    Http admin, owner, other;

    @BeforeEach
    void setUp() {
        admin = http();
        owner = Fixtures.user(admin, "member");
        other = Fixtures.user(admin, "member");
    }

    @Test
    void renamingRenamesEveryVersionAndTheSpecsNameButNotAnotherModelsName() {
        String name = "net-" + System.nanoTime();
        long v1 = Fixtures.model(owner, spec(name, 3));
        long v2 = Fixtures.model(owner, spec(name, 4));
        Http.Response renamed = owner.patch("/api/models/" + v1, Map.of("name", name + "-renamed"));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.json().get("name").asString()).isEqualTo(name + "-renamed");
        assertThat(renamed.json().get("spec").get("name").asString()).isEqualTo(name + "-renamed");
        assertThat(renamed.json().get("versions")).hasSize(2);
        assertThat(owner.get("/api/models/" + v2).json().get("name").asString()).isEqualTo(name + "-renamed");

        String taken = "taken-" + System.nanoTime();
        Fixtures.model(owner, spec(taken, 3));
        Http.Response clash = owner.patch("/api/models/" + v1, Map.of("name", taken));
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.json().get("field").asString()).isEqualTo("name");
        assertThat(other.patch("/api/models/" + v1, Map.of("name", "mine")).status())
                .isEqualTo(403);
        assertThat(owner.patch("/api/models/" + v1, Map.of("name", ""))
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("name");
        assertThat(owner.patch("/api/models/" + v1, Map.of("name", "x", "spec", "y"))
                        .status())
                .isEqualTo(400);
        assertThat(owner.patch("/api/models/999999", Map.of("name", "x")).status())
                .isEqualTo(404);
    }

    @Test
    void aModelRunsUseIsRefusedWith409NamingThemAndAnUnusedOneIsDeletedByItsOwnerOnly() {
        long model = Fixtures.model(owner, spec("used-" + System.nanoTime(), 3));
        long experiment = Fixtures.experiment(owner);
        long dataset = Fixtures.spirals(owner, 24);
        long a = Fixtures.queue(owner, Fixtures.run(experiment, dataset, model, 1));
        long b = Fixtures.queue(owner, Fixtures.run(experiment, dataset, model, 2));

        assertThat(other.delete("/api/models/" + model).status()).isEqualTo(403);
        Http.Response refused = owner.delete("/api/models/" + model);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("used by runs " + a + ", " + b);

        owner.post("/api/runs/" + a + "/cancel", "{}");
        owner.post("/api/runs/" + b + "/cancel", "{}");
        assertThat(owner.delete("/api/runs/" + a).status()).isEqualTo(204);
        assertThat(owner.delete("/api/runs/" + b).status()).isEqualTo(204);
        assertThat(owner.delete("/api/models/" + model).status()).isEqualTo(204);
        assertThat(owner.get("/api/models/" + model).status()).isEqualTo(404);
        assertThat(owner.delete("/api/models/" + model).status()).isEqualTo(404);
    }

    private static String spec(String name, int out) {
        return """
                {"name": "%s", "input": [2], "layers": [{"type": "linear", "out": %d}], "loss": "cross_entropy"}""".formatted(name, out);
    }
}
