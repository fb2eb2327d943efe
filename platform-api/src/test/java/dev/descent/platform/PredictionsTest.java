package dev.descent.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.descent.onnx.proto.Onnx;
import dev.descent.testing.IdxFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A run trained on the in-process worker, then exported, asked for predictions (PNG, IDX, feature rows) and evaluated
 * on its test set; and the 4xx answers to what a client can get wrong.
 */
@TestPropertySource(properties = {"descent.worker.enabled=true", "descent.worker.gpu=none"})
class PredictionsTest extends PlatformTest {
    static final String MODEL = """
            {"name": "rows-mlp", "input": [1, 4, 4],
             "layers": [{"type": "flatten"}, {"type": "linear", "out": 16}, {"type": "relu"},
                        {"type": "dropout", "p": 0.1}, {"type": "linear", "out": 3}],
             "loss": "cross_entropy"}""";

    @Autowired
    JdbcTemplate jdbc;

    Http http;
    long experiment, dataset, model;

    @BeforeEach
    void setUp() {
        http = http();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("trainImages", images(240, 1));
        files.put("trainLabels", IdxFiles.labels(240, 3));
        files.put("testImages", images(60, 2));
        files.put("testLabels", IdxFiles.labels(60, 3));
        Http.Response d = http.multipart("/api/datasets", files, Map.of("name", "rows-" + System.nanoTime()));
        assertThat(d.status()).as(d.toString()).isIn(200, 201);
        dataset = d.json().get("id").asLong();
        model = Fixtures.model(http, MODEL);
        experiment = Fixtures.experiment(http);
    }

    @Test
    void aFinishedRunExportsPredictsAndEvaluatesWithItsFinalCheckpoint() throws Exception {
        long run = trainedRun();

        Http.Response onnx = http.get("/api/runs/" + run + "/model.onnx");
        assertThat(onnx.status()).isEqualTo(200);
        assertThat(onnx.header("Content-Disposition")).contains("run-" + run + ".onnx");
        Onnx.ModelProto m = Onnx.ModelProto.parseFrom(onnx.bytes());
        assertThat(m.getGraph()
                        .getInput(0)
                        .getType()
                        .getTensorType()
                        .getShape()
                        .getDim(0)
                        .getDimParam())
                .isEqualTo("batch");
        assertThat(m.getGraph().getInitializerList()).isNotEmpty();

        for (int c = 0; c < 3; c++) {
            Http.Response r = http.multipart("/api/runs/" + run + "/predict", Map.of("images", png(c)), Map.of());
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            JsonNode p = r.json().get("predictions").get(0);
            assertThat(p.get("predicted").asInt()).as("a bright row %d", c).isEqualTo(c);
            double sum = 0;
            for (JsonNode s : p.get("top")) sum += s.get("probability").asDouble();
            assertThat(sum).as("three classes, top 3: all the probability").isCloseTo(1.0, within(1e-5));
            assertThat(r.json().get("kind").asString()).isEqualTo("probabilities");
        }

        Http.Response idx = http.multipart("/api/runs/" + run + "/predict", Map.of("idx", images(6, 9)), Map.of());
        assertThat(idx.status()).as(idx.toString()).isEqualTo(200);
        List<Integer> predicted = new ArrayList<>();
        for (JsonNode p : idx.json().get("predictions"))
            predicted.add(p.get("predicted").asInt());
        assertThat(predicted).containsExactly(0, 1, 2, 0, 1, 2);

        List<Double> row = new ArrayList<>();
        for (int i = 0; i < 16; i++) row.add(i / 4 == 2 ? 0.9 : 0.05);
        Http.Response rows = http.post("/api/runs/" + run + "/predict", Map.of("rows", List.of(row), "top", 1));
        assertThat(rows.status()).as(rows.toString()).isEqualTo(200);
        assertThat(rows.json().get("predictions").get(0).get("top")).hasSize(1);
        assertThat(rows.json().get("predictions").get(0).get("predicted").asInt())
                .isEqualTo(2);

        JsonNode e = http.get("/api/runs/" + run + "/evaluation").json();
        assertThat(e.get("examples").asInt()).isEqualTo(60);
        assertThat(e.get("classes").asInt()).isEqualTo(3);
        long total = 0, diagonal = 0;
        for (int t = 0; t < 3; t++)
            for (int p = 0; p < 3; p++) {
                long v = e.get("confusion").get(t).get(p).asLong();
                total += v;
                if (t == p) diagonal += v;
            }
        assertThat(total).isEqualTo(60);
        assertThat(e.get("accuracy").asDouble()).isEqualTo(diagonal / 60.0);
        double trainerSaid = http.get("/api/runs/" + run)
                .json()
                .get("latest")
                .get("test/accuracy")
                .get("value")
                .asDouble();
        assertThat(e.get("accuracy").asDouble())
                .as("the trainer's own test accuracy of the last epoch")
                .isCloseTo(trainerSaid, within(1e-6));
        assertThat(e.get("perClassAccuracy")).hasSize(3);
    }

    @Test
    void badRequestsAreAnsweredWithAProblemNamingTheField() throws Exception {
        long run = trainedRun();
        Http.Response size = http.multipart("/api/runs/" + run + "/predict", Map.of("images", png(5, 5, 0)), Map.of());
        assertThat(size.status()).isEqualTo(400);
        assertThat(size.json().get("field").asString()).isEqualTo("images");
        assertThat(size.json().get("detail").asString()).contains("5x5", "4x4");

        Http.Response notPng =
                http.multipart("/api/runs/" + run + "/predict", Map.of("images", new byte[] {1, 2, 3}), Map.of());
        assertThat(notPng.status()).isEqualTo(400);
        assertThat(notPng.json().get("field").asString()).isEqualTo("images");

        Http.Response shortRow = http.post("/api/runs/" + run + "/predict", Map.of("rows", List.of(List.of(1, 2))));
        assertThat(shortRow.status()).isEqualTo(400);
        assertThat(shortRow.json().get("field").asString()).isEqualTo("rows");
        assertThat(shortRow.json().get("detail").asString()).contains("row 0 has 2 values", "takes 16");

        Http.Response noRows = http.post("/api/runs/" + run + "/predict", Map.of("top", 2));
        assertThat(noRows.status()).isEqualTo(400);
        assertThat(noRows.json().get("field").asString()).isEqualTo("rows");

        Http.Response badTop =
                http.post("/api/runs/" + run + "/predict", Map.of("rows", List.of(List.of(0, 0, 0, 0)), "top", 0));
        assertThat(badTop.status()).isEqualTo(400);
        assertThat(badTop.json().get("field").asString()).isEqualTo("top");

        Http.Response badIdx = http.multipart("/api/runs/" + run + "/predict", Map.of("idx", new byte[] {0}), Map.of());
        assertThat(badIdx.status()).isEqualTo(400);
        assertThat(badIdx.json().get("field").asString()).isEqualTo("idx");

        Http.Response missing = http.get("/api/runs/999999/model.onnx");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("field").asString()).isEqualTo("id");
    }

    @Test
    void aRunWithoutACheckpointIsAConflict() {
        Map<String, Object> body = body(1, 5);
        body.put("priority", -100);
        // Cancel it while queued: it never trains, so it has no checkpoint.
        long run = Fixtures.queue(http, body);
        http.post("/api/runs/" + run + "/cancel", "");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !jdbc.queryForObject("select status from runs where id = ?", String.class, run)
                        .equals("RUNNING"));
        jdbc.update("delete from checkpoints where run_id = ?", run);
        Http.Response r = http.get("/api/runs/" + run + "/evaluation");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("field").asString()).isEqualTo("id");
        assertThat(r.json().get("detail").asString()).contains("has no checkpoint");
    }

    private long trainedRun() {
        long run = Fixtures.queue(http, body(6, 31));
        await().atMost(Duration.ofMinutes(2))
                .until(() -> List.of("SUCCEEDED", "FAILED")
                        .contains(jdbc.queryForObject("select status from runs where id = ?", String.class, run)));
        JsonNode r = http.get("/api/runs/" + run).json();
        assertThat(r.get("status").asString()).as(r.toString()).isEqualTo("SUCCEEDED");
        return run;
    }

    private Map<String, Object> body(int epochs, long seed) {
        Map<String, Object> body = new HashMap<>();
        body.put("experimentId", experiment);
        body.put("datasetId", dataset);
        body.put("modelId", model);
        body.put("optimizer", Map.of("type", "adam", "lr", 0.01));
        body.put("batchSize", 16);
        body.put("epochs", epochs);
        body.put("seed", seed);
        body.put("engine", "native");
        return body;
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }

    /** A 4x4 greyscale PNG whose row {@code bright} is lit. */
    private static byte[] png(int bright) throws Exception {
        return png(4, 4, bright);
    }

    private static byte[] png(int w, int h, int bright) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int v = y == bright ? 230 : 20;
                img.getRaster().setSample(x, y, 0, v);
            }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** Class c (i mod 3) lights up row c of a 4x4 image, over a little noise. */
    private static byte[] images(int n, long seed) {
        Random rnd = new Random(seed);
        ByteBuffer b = ByteBuffer.allocate(16 + n * 16)
                .putInt(0x0803)
                .putInt(n)
                .putInt(4)
                .putInt(4);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 16; p++) b.put((byte) (p / 4 == i % 3 ? 200 + rnd.nextInt(50) : rnd.nextInt(60)));
        }
        return b.array();
    }
}
