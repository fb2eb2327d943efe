package dev.descent.platform.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.descent.io.Safetensors;
import dev.descent.platform.Fixtures;
import dev.descent.platform.Http;
import dev.descent.platform.PlatformTest;
import dev.descent.platform.TestEngine;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Runs trained on the in-process worker with the native engine keep every checkpoint and their final model, stored in
 * PostgreSQL; {@link ArtifactDirectoryTest} runs the same specification with a directory store.
 */
@TestPropertySource(properties = {"descent.worker.enabled=true", "descent.worker.gpu=none"})
class ArtifactsTest extends PlatformTest {
    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ArtifactProperties properties;

    Http http;
    long experiment, dataset, model;

    @BeforeEach
    void setUp() {
        http = http();
        experiment = Fixtures.experiment(http);
        dataset = Fixtures.spirals(http, 96);
        model = Fixtures.model(http, Fixtures.TINY_MODEL);
    }

    @Test
    void aSucceededRunKeepsEveryCheckpointAndAFinalModelThatParsesAndHoldsTheTrainedWeights() throws Exception {
        long run = trainedRun(http, 3);

        JsonNode list = http.get("/api/runs/" + run + "/artifacts").json();
        List<String> kinds = new ArrayList<>();
        list.forEach(a -> kinds.add(a.get("kind").asString()));
        assertThat(kinds).as(list.toString()).containsExactly("CHECKPOINT", "CHECKPOINT", "CHECKPOINT", "MODEL");
        JsonNode last = list.get(2);
        assertThat(last.get("name").asString())
                .isEqualTo("checkpoint-epoch-3-step-" + last.get("step").asLong() + ".safetensors");
        assertThat(last.get("epoch").asInt()).isEqualTo(3);
        assertThat(list.get(3).get("name").asString()).isEqualTo("model.safetensors");
        assertThat(list.get(3).get("createdAt").asString()).isNotBlank();

        Http.Response download = http.get("/api/runs/" + run + "/model.safetensors");
        assertThat(download.status()).as(download.toString()).isEqualTo(200);
        byte[] bytes = download.bytes();
        String sha = sha256(bytes);
        assertThat(list.get(3).get("sha256").asString()).isEqualTo(sha);
        assertThat(list.get(3).get("size").asLong()).isEqualTo(bytes.length);
        assertThat(download.header("ETag")).isEqualTo("\"" + sha + "\"");
        assertThat(download.header("Content-Type")).isEqualTo("application/octet-stream");

        // The format by hand: 8-byte little-endian header length, a JSON header, then the data the offsets cover.
        long headerLength =
                ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(8 + headerLength).isLessThanOrEqualTo(bytes.length);
        JsonNode header = Http.JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        assertThat(header.get("__metadata__").get("format").asString()).isEqualTo("descent-model/1");
        long dataLength = bytes.length - 8 - headerLength, covered = 0;
        List<String> names = new ArrayList<>();
        for (var e : header.properties()) {
            if (e.getKey().equals("__metadata__")) continue;
            names.add(e.getKey());
            JsonNode t = e.getValue();
            assertThat(t.get("dtype").asString()).isEqualTo("F32");
            long numel = 1;
            for (JsonNode d : t.get("shape")) numel *= d.asLong();
            long begin = t.get("data_offsets").get(0).asLong(),
                    end = t.get("data_offsets").get(1).asLong();
            assertThat(begin).as(e.getKey()).isEqualTo(covered);
            assertThat(end - begin).as(e.getKey()).isEqualTo(numel * 4);
            covered = end;
        }
        assertThat(covered).as("the tensors cover the data exactly").isEqualTo(dataLength);
        assertThat(names).containsExactlyInAnyOrder("0.weight", "0.bias");

        // And it holds the weights the last checkpoint trained to.
        Http.Response checkpoint =
                http.get("/api/runs/" + run + "/artifacts/" + last.get("name").asString());
        assertThat(checkpoint.status()).isEqualTo(200);
        assertThat(sha256(checkpoint.bytes())).isEqualTo(last.get("sha256").asString());
        Map<String, Tensor> trained = Safetensors.read(checkpoint.bytes()).tensors();
        Map<String, Tensor> weights = Safetensors.read(bytes).tensors();
        for (String name : names) {
            assertThat(weights.get(name).sizes())
                    .isEqualTo(trained.get("model." + name).sizes());
            assertThat(weights.get(name).toFloatArray())
                    .as(name)
                    .containsExactly(trained.get("model." + name).toFloatArray());
        }
        Map<String, Tensor> first = Safetensors.read(http.get("/api/runs/" + run + "/artifacts/"
                                + list.get(0).get("name").asString())
                        .bytes())
                .tensors();
        assertThat(first.get("model.0.weight").toFloatArray())
                .as("training moved the weights between the first checkpoint and the last")
                .isNotEqualTo(weights.get("0.weight").toFloatArray());

        // A client that has it is told so, without the bytes.
        Http.Response again = http.send(http.request("/api/runs/" + run + "/model.safetensors")
                .header("If-None-Match", "\"" + sha + "\"")
                .GET());
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.bytes()).isEmpty();
    }

    @Test
    void aRunWithoutAFinalModelAnswers404SayingWhy() {
        Map<String, Object> body = Fixtures.run(experiment, dataset, model, 4_242);
        TestEngine.STEP_DELAY_MS.put(4_242L, 500L);
        long run = Fixtures.queue(http, body);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "RUNNING"
                        .equals(jdbc.queryForObject("select status from runs where id = ?", String.class, run)));
        Http.Response none = http.get("/api/runs/" + run + "/model.safetensors");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().get("detail").asString()).contains("has no final model yet", "RUNNING");
        Http.Response missing = http.get("/api/runs/" + run + "/artifacts/nothing.safetensors");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("field").asString()).isEqualTo("name");
        assertThat(http.get("/api/runs/" + run + "/artifacts/..%2F..%2Fetc%2Fpasswd")
                        .status())
                .isIn(400, 404);
        assertThat(http.get("/api/runs/999999/artifacts").status()).isEqualTo(404);
        assertThat(http.get("/api/runs/999999/model.safetensors").status()).isEqualTo(404);
        assertThat(http.anonymous().get("/api/runs/" + run + "/artifacts").status())
                .isEqualTo(401);

        http.post("/api/runs/" + run + "/cancel", "{}");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "CANCELLED"
                        .equals(jdbc.queryForObject("select status from runs where id = ?", String.class, run)));
        TestEngine.STEP_DELAY_MS.remove(4_242L);
        assertThat(http.get("/api/runs/" + run + "/model.safetensors")
                        .json()
                        .get("detail")
                        .asString())
                .contains("ended CANCELLED");
        assertThat(http.get("/api/runs/" + run + "/artifacts").json())
                .as("the checkpoint it took when cancelled is kept")
                .hasSize(1);
    }

    @Test
    void deletingARunDeletesItsArtifactsRowsAndFilesAndOnlyItsOwnerMay() {
        Http owner = Fixtures.user(http, "member");
        long mine = trainedRun(owner, 2);
        long kept = trainedRun(owner, 1);
        int rows = count(mine), keptRows = count(kept);
        assertThat(rows).isEqualTo(3);
        long filesBefore = files();
        long runFiles = files(mine);
        if (properties.directory() != null) assertThat(runFiles).isEqualTo(3);
        else assertThat(filesBefore).isZero();

        Http other = Fixtures.user(http, "member");
        assertThat(other.get("/api/runs/" + mine + "/artifacts").status())
                .as("reading is as open as the run is")
                .isEqualTo(200);
        assertThat(other.delete("/api/runs/" + mine).status()).isEqualTo(403);
        assertThat(count(mine)).isEqualTo(rows);
        assertThat(files()).isEqualTo(filesBefore);

        assertThat(owner.delete("/api/runs/" + mine).status()).isEqualTo(204);

        assertThat(count(mine)).as("rows of the deleted run").isZero();
        assertThat(files(mine)).as("files of the deleted run").isZero();
        assertThat(files()).isEqualTo(filesBefore - runFiles);
        if (properties.directory() != null)
            assertThat(properties.directory().resolve("run-" + mine)).doesNotExist();
        assertThat(jdbc.queryForObject("select count(*) from checkpoints where run_id = ?", Integer.class, mine))
                .isZero();
        assertThat(count(kept)).as("another run's artifacts stay").isEqualTo(keptRows);
        assertThat(owner.get("/api/runs/" + kept + "/model.safetensors").status())
                .isEqualTo(200);
    }

    long trainedRun(Http as, int epochs) {
        Map<String, Object> body = Fixtures.run(experiment, dataset, model, 11 + epochs);
        body.put("engine", "native");
        body.put("optimizer", Map.of("type", "adam", "lr", 0.05));
        body.put("batchSize", 16);
        body.put("epochs", epochs);
        long run = Fixtures.queue(as, body);
        await().atMost(Duration.ofMinutes(2))
                .until(() -> List.of("SUCCEEDED", "FAILED", "CANCELLED")
                        .contains(jdbc.queryForObject("select status from runs where id = ?", String.class, run)));
        JsonNode r = as.get("/api/runs/" + run).json();
        assertThat(r.get("status").asString()).as(r.toString()).isEqualTo("SUCCEEDED");
        return run;
    }

    private int count(long run) {
        return jdbc.queryForObject("select count(*) from artifacts where run_id = ?", Integer.class, run);
    }

    /** Files in the artifact directory (none without one). */
    private long files() {
        return properties.directory() == null ? 0 : filesUnder(properties.directory());
    }

    private long files(long run) {
        return properties.directory() == null
                ? 0
                : filesUnder(properties.directory().resolve("run-" + run));
    }

    private static long filesUnder(Path dir) {
        if (!Files.exists(dir)) return 0;
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
