package dev.descent.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.platform.Fixtures;
import dev.descent.platform.Http;
import dev.descent.platform.PlatformTest;
import dev.descent.platform.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Named limits answered 400 with the field and the limit, and a live stream a client can resume. */
@TestPropertySource(properties = {"descent.live.max-streams-per-client=3", "descent.queue.max-epochs=500"})
class LimitsAndStreamsTest extends PlatformTest {

    @Test
    void limitsNameTheFieldAndTheLimit() {
        long experiment = Fixtures.experiment(http());
        long dataset = Fixtures.spirals(http(), 60);
        long model = Fixtures.model(http(), Fixtures.TINY_MODEL);
        Map<String, Object> run = Fixtures.run(experiment, dataset, model, 1);
        run.put("epochs", 2_147_483_647);
        Http.Response epochs = http().post("/api/runs", run);
        assertThat(epochs.status()).isEqualTo(400);
        assertThat(epochs.json().get("field").asString()).isEqualTo("epochs");
        assertThat(epochs.json().get("detail").asString()).contains("500").contains("descent.queue.max-epochs");

        run.put("epochs", 1);
        run.put("timeoutMinutes", 0);
        assertThat(http().post("/api/runs", run).json().get("field").asString()).isEqualTo("timeoutMinutes");
        run.put("timeoutMinutes", 5);
        run.put("name", "n".repeat(201));
        assertThat(http().post("/api/runs", run).json().get("field").asString()).isEqualTo("name");
        run.remove("name");
        assertThat(http().post("/api/runs", run).status()).isEqualTo(201);

        Http.Response description =
                http().post("/api/experiments", Map.of("name", "long", "description", "d".repeat(10_001)));
        assertThat(description.status()).isEqualTo(400);
        assertThat(description.json().get("field").asString()).isEqualTo("description");
        Http.Response key = http().post(
                        "/api/runs/" + Fixtures.external(http(), experiment) + "/metrics",
                        List.of(Map.of("key", "k".repeat(201), "step", 1, "value", 1)));
        assertThat(key.json().get("field").asString()).isEqualTo("[0].key");
    }

    @Test
    void aReconnectingClientGetsWhatItMissedThenTheLiveEvents() throws Exception {
        long run = Fixtures.external(http(), Fixtures.experiment(http()));
        List<Map<String, Object>> points = new ArrayList<>();
        for (int step = 1; step <= 50; step++)
            points.add(Map.of("key", "train/loss", "step", step, "value", 1.0 / step));
        assertThat(http().post("/api/runs/" + run + "/metrics", points).status())
                .isEqualTo(200);

        try (SseClient stream = new SseClient(http(), "/api/runs/" + run + "/stream", "30")) {
            stream.awaitConnected();
            SseClient.Event missed = stream.next("metrics", Duration.ofSeconds(10));
            assertThat(missed).isNotNull();
            TreeSet<Long> steps = new TreeSet<>();
            for (JsonNode p : missed.data()) steps.add(p.get("step").asLong());
            assertThat(steps.first()).isEqualTo(30);
            assertThat(steps.last()).isEqualTo(50);
            assertThat(missed.id()).isEqualTo("50");

            http().post(
                            "/api/runs/" + run + "/metrics",
                            List.of(Map.of("key", "train/loss", "step", 51, "value", 0.01)));
            SseClient.Event live = stream.next("metrics", Duration.ofSeconds(10));
            assertThat(live).isNotNull();
            assertThat(live.id()).isEqualTo("51");
        }
    }

    @Test
    void aClientHoldsAtMostItsShareOfStreams() throws Exception {
        long run = Fixtures.queue(
                http(),
                Fixtures.run(
                        Fixtures.experiment(http()),
                        Fixtures.spirals(http(), 60),
                        Fixtures.model(http(), Fixtures.TINY_MODEL),
                        1));
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                SseClient s = new SseClient(http(), "/api/runs/" + run + "/stream");
                s.awaitConnected();
                open.add(s);
            }
            Http.Response fourth = http().get("/api/runs/" + run + "/stream");
            assertThat(fourth.status()).isEqualTo(429);
            assertThat(fourth.header("Content-Type")).startsWith("application/problem+json");
        } finally {
            open.forEach(SseClient::close);
        }
    }
}
