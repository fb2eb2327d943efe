package dev.descent.platform.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.client.DescentClient;
import dev.descent.client.DescentException;
import dev.descent.client.Endpoint;
import dev.descent.client.RunStatus;
import dev.descent.client.Types.Experiment;
import dev.descent.client.Types.MetricPoint;
import dev.descent.client.Types.Run;
import dev.descent.client.Types.Series;
import dev.descent.client.examples.LogFromYourScript;
import dev.descent.platform.Fixtures;
import dev.descent.platform.Http;
import dev.descent.platform.PlatformTest;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Java client against the running platform, and every operation it calls against the live OpenAPI document. */
class DescentClientTest extends PlatformTest {
    Http admin, owner;
    DescentClient client;

    @BeforeEach
    void setUp() {
        admin = http();
        owner = Fixtures.user(admin, "member");
        client = new DescentClient(URI.create(admin.base()), owner.token());
    }

    @Test
    void everyOperationTheClientCallsIsInTheLiveOpenApiDocument() {
        Http.Response docs = admin.get("/v3/api-docs");
        assertThat(docs.status()).as(docs.toString()).isEqualTo(200);
        JsonNode paths = docs.json().get("paths");
        for (Endpoint e : Endpoint.values()) {
            assertThat(paths.has(e.path()))
                    .as("%s %s is documented", e.method(), e.path())
                    .isTrue();
            assertThat(paths.get(e.path()).has(e.method().toLowerCase(Locale.ROOT)))
                    .as("%s %s is documented", e.method(), e.path())
                    .isTrue();
        }
    }

    @Test
    void experimentsAndRunsThroughTheClient() {
        Experiment made = client.createExperiment("client-" + System.nanoTime(), "from the Java client");
        assertThat(client.experiment(made.id()).name()).isEqualTo(made.name());
        assertThat(client.experiments(0, 200).content())
                .extracting(Experiment::id)
                .contains(made.id());

        long dataset = Fixtures.spirals(owner, 24);
        long model = Fixtures.model(owner, Fixtures.TINY_MODEL);
        Run queued = client.createRun(Fixtures.run(made.id(), dataset, model, 7));
        assertThat(queued.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(queued.config().get("optimizer").get("type").asString()).isEqualTo("sgd");
        assertThat(client.runs(made.id(), 0, 10).content()).extracting(Run::id).containsExactly(queued.id());
        assertThat(client.run(queued.id()).modelId()).isEqualTo(model);
        assertThat(client.cancel(queued.id()).status()).isEqualTo(RunStatus.CANCELLED);

        DescentException bad = org.junit.jupiter.api.Assertions.assertThrows(
                DescentException.class, () -> client.createRun(Map.of("experimentId", made.id())));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.field()).isNotBlank();
    }

    @Test
    void theLogFromYourScriptExampleLogsAnExternalRunInBatchesAndFinishesIt() {
        Run done = LogFromYourScript.run(client, "example");
        assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(done.engine()).isEqualTo("external");
        assertThat(done.statusMessage()).isEqualTo("x^2 minimised");
        Series loss = client.metrics(done.id(), "train/loss", 1000);
        assertThat(loss.points()).hasSize(200);
        assertThat(loss.points().getLast().value())
                .isLessThan(loss.points().getFirst().value());
        assertThat(client.metrics(done.id(), "val/loss", 1000).points()).hasSize(10);

        assertThatThrownBy(() -> client.finish(done.id(), RunStatus.FAILED, null))
                .isInstanceOf(DescentException.class)
                .satisfies(e -> assertThat(((DescentException) e).status()).isEqualTo(409));
    }

    @Test
    void anotherUsersClientCannotLogToMyExternalRun() {
        long experiment =
                client.createExperiment("mine-" + System.nanoTime(), null).id();
        Run mine = client.createExternalRun(experiment, "mine", Map.of("lr", 0.1));
        DescentClient stranger = new DescentClient(
                URI.create(admin.base()), Fixtures.user(admin, "member").token());
        assertThatThrownBy(() -> stranger.logMetrics(mine.id(), List.of(MetricPoint.of("train/loss", 1, 1.0))))
                .isInstanceOf(DescentException.class)
                .satisfies(e -> assertThat(((DescentException) e).status()).isEqualTo(403));
        assertThat(client.logMetrics(mine.id(), List.of(MetricPoint.of("train/loss", 1, 1.0))))
                .isEqualTo(1);
    }
}
