package dev.descent.platform;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.descent.testing.IdxFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Datasets through HTTP: uploads, sources, deduplication, samples, deletion, and files that are refused. */
@TestPropertySource(properties = {"descent.datasets.max-upload-size=40MB", "descent.datasets.url-allow=127.0.0.1"})
class DatasetsTest extends PlatformTest {
    @Autowired
    JdbcTemplate jdbc;

    Http http;

    @BeforeEach
    void setUp() {
        http = http();
    }

    static Map<String, byte[]> idx(int train, int test, long seed) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("trainImages", IdxFiles.gzip(IdxFiles.images(train, 4, 4, seed)));
        files.put("trainLabels", IdxFiles.labels(train, 3));
        files.put("testImages", IdxFiles.images(test, 4, 4, seed + 1));
        files.put("testLabels", IdxFiles.gzip(IdxFiles.labels(test, 3)));
        return files;
    }

    @Test
    void anIdxUploadIsDescribedSampledAndStoredOnce() throws IOException {
        Map<String, byte[]> files = idx(20, 10, 1);
        Http.Response created = http.multipart("/api/datasets", files, Map.of("name", "tiny-images"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode d = created.json();
        assertThat(created.header("Location"))
                .isEqualTo("/api/datasets/" + d.get("id").asLong());
        assertThat(d.get("name").asString()).isEqualTo("tiny-images");
        assertThat(d.get("format").asString()).isEqualTo("idx");
        assertThat(d.get("trainSize").asInt()).isEqualTo(20);
        assertThat(d.get("testSize").asInt()).isEqualTo(10);
        assertThat(d.get("sampleShape").toString()).isEqualTo("[1,4,4]");
        assertThat(d.get("numClasses").asInt()).isEqualTo(3);
        assertThat(d.get("classHistogram").get("train").toString()).isEqualTo("[7,7,6]");
        assertThat(d.get("classHistogram").get("test").toString()).isEqualTo("[4,3,3]");
        assertThat(d.get("sha256").asString()).hasSize(64);
        assertThat(d.get("files")).hasSize(4);

        int blobs = jdbc.queryForObject("select count(*) from blobs", Integer.class);
        Http.Response again = http.multipart("/api/datasets", files, Map.of());
        assertThat(again.status()).as("the same files are the same dataset").isEqualTo(200);
        assertThat(again.json().get("id").asLong()).isEqualTo(d.get("id").asLong());
        assertThat(jdbc.queryForObject("select count(*) from blobs", Integer.class))
                .isEqualTo(blobs);

        long id = d.get("id").asLong();
        JsonNode samples = http.get("/api/datasets/" + id + "/samples?split=test&offset=2&limit=3")
                .json();
        assertThat(samples.get("total").asInt()).isEqualTo(10);
        assertThat(samples.get("samples")).hasSize(3);
        JsonNode s = samples.get("samples").get(0);
        assertThat(s.get("index").asInt()).isEqualTo(2);
        assertThat(s.get("target").asInt()).isEqualTo(2);
        byte[] raw = IdxFiles.images(10, 4, 4, 2);
        for (int p = 0; p < 16; p++)
            assertThat(s.get("values").get(p).floatValue()).isEqualTo((raw[16 + 2 * 16 + p] & 0xFF) / 255f);

        Http.Response png = http.get("/api/datasets/" + id + "/samples?split=train&limit=3&format=png");
        assertThat(png.status()).isEqualTo(200);
        assertThat(png.header("Content-Type")).isEqualTo("image/png");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png.bytes()));
        assertThat(img.getWidth()).isEqualTo(12);
        assertThat(img.getHeight()).isEqualTo(4);

        assertThat(http.get("/api/datasets/" + id + "/samples?split=validation")
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("split");
        assertThat(http.get("/api/datasets/" + id + "/samples?offset=20")
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("offset");
        assertThat(http.get("/api/datasets/" + id + "/samples?limit=0")
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("limit");
    }

    @Test
    void aCsvUploadTakesASampleShape() {
        StringBuilder csv = new StringBuilder("label,p0,p1,p2,p3\n");
        for (int i = 0; i < 12; i++)
            csv.append(i % 2).append(",0.1,0.2,0.3,").append(i).append('\n');
        Http.Response r = http.multipart(
                "/api/datasets", Map.of("trainCsv", csv.toString().getBytes(UTF_8)), Map.of("sampleShape", "1,2,2"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("sampleShape").toString()).isEqualTo("[1,2,2]");
        assertThat(r.json().get("numClasses").asInt()).isEqualTo(2);
        assertThat(r.json().get("testSize").asInt()).isZero();

        Http.Response bad =
                http.multipart("/api/datasets", Map.of("trainCsv", "label,a\n1,2\n0,x\n".getBytes(UTF_8)), Map.of());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asString()).isEqualTo("trainCsv");
        assertThat(bad.json().get("detail").asString()).contains("line 3");
    }

    @Test
    void syntheticSetsAreDeduplicatedByTheirParameters() {
        Map<String, Object> spec = Map.of("source", "synthetic", "kind", "moons", "n", 100, "seed", 3);
        Http.Response a = http.post("/api/datasets", spec);
        Http.Response b = http.post("/api/datasets", spec);
        Http.Response c =
                http.post("/api/datasets", Map.of("source", "synthetic", "kind", "moons", "n", 100, "seed", 4));
        assertThat(a.status()).isEqualTo(201);
        assertThat(b.status()).isEqualTo(200);
        assertThat(b.json().get("id").asLong()).isEqualTo(a.json().get("id").asLong());
        assertThat(c.status()).isEqualTo(201);
        assertThat(a.json().get("numClasses").asInt()).isEqualTo(2);

        JsonNode regression = http.post("/api/datasets", Map.of("source", "synthetic", "kind", "parabola", "n", 50))
                .json();
        assertThat(regression.get("numClasses").isNull()).isTrue();
        assertThat(http.get("/api/datasets/" + regression.get("id").asLong() + "/samples?limit=1")
                        .json()
                        .get("samples")
                        .get(0)
                        .get("target")
                        .isNumber())
                .isTrue();
    }

    @Test
    void fashionMnistComesFromTheDebianPackage() {
        Http.Response r = http.post("/api/datasets", Map.of("source", "fashion-mnist"));
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
        JsonNode d = r.json();
        assertThat(d.get("trainSize").asInt()).isEqualTo(60_000);
        assertThat(d.get("testSize").asInt()).isEqualTo(10_000);
        assertThat(d.get("sampleShape").toString()).isEqualTo("[1,28,28]");
        assertThat(d.get("numClasses").asInt()).isEqualTo(10);
        for (JsonNode count : d.get("classHistogram").get("train"))
            assertThat(count.asInt()).isEqualTo(6_000);
        assertThat(http.post("/api/datasets", Map.of("source", "fashion-mnist")).status())
                .isEqualTo(200);
    }

    @Test
    void urlSourcesDownloadIdxFiles() throws IOException {
        Map<String, byte[]> files = idx(15, 6, 9);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        files.forEach((role, bytes) -> server.createContext("/data/" + role, exchange -> {
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }));
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/data/";
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("source", "url");
            files.keySet().forEach(role -> body.put(role, base + role));
            Http.Response r = http.post("/api/datasets", body);
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            assertThat(r.json().get("trainSize").asInt()).isEqualTo(15);
            assertThat(r.json().get("source").asString()).isEqualTo("url");

            body.put("trainImages", base + "missing");
            Http.Response missing = http.post("/api/datasets", body);
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.json().get("field").asString()).isEqualTo("trainImages");
            assertThat(missing.json().get("detail").asString()).contains("404");

            body.put("trainImages", "file:///etc/passwd");
            assertThat(http.post("/api/datasets", body).json().get("field").asString())
                    .isEqualTo("trainImages");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void badFilesAreRefusedNamingTheFileAndStoreNothing() {
        int datasets = jdbc.queryForObject("select count(*) from datasets", Integer.class);
        int blobs = jdbc.queryForObject("select count(*) from blobs", Integer.class);

        Map<String, byte[]> truncated = idx(20, 10, 5);
        byte[] images = IdxFiles.images(20, 4, 4, 5);
        truncated.put("trainImages", Arrays.copyOf(images, images.length - 7));
        Http.Response r = http.multipart("/api/datasets", truncated, Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("field").asString()).isEqualTo("trainImages");
        assertThat(r.json().get("detail").asString()).contains("offset");

        Map<String, byte[]> mismatched = idx(20, 10, 6);
        mismatched.put("trainLabels", IdxFiles.labels(19, 3));
        Http.Response m = http.multipart("/api/datasets", mismatched, Map.of());
        assertThat(m.status()).isEqualTo(400);
        assertThat(m.json().get("field").asString()).isEqualTo("trainLabels");

        Map<String, byte[]> noLabels = idx(20, 10, 7);
        noLabels.remove("trainLabels");
        assertThat(http.multipart("/api/datasets", noLabels, Map.of())
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("trainLabels");
        Map<String, byte[]> unknown = idx(20, 10, 8);
        unknown.put("validationImages", new byte[] {1});
        assertThat(http.multipart("/api/datasets", unknown, Map.of())
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("validationImages");
        assertThat(http.post("/api/datasets", Map.of("source", "kaggle"))
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("source");
        assertThat(http.post("/api/datasets", Map.of("source", "synthetic", "kind", "spirals", "n", -4))
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("n");
        assertThat(http.post("/api/datasets", Map.of("source", "synthetic", "kind", "spirals", "centers", 2))
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("centers");

        Map<String, byte[]> huge = new LinkedHashMap<>();
        huge.put("trainImages", new byte[41 * 1024 * 1024]);
        huge.put("trainLabels", IdxFiles.labels(2, 2));
        Http.Response tooBig = http.multipart("/api/datasets", huge, Map.of());
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.header("Content-Type")).startsWith("application/problem+json");
        assertThat(tooBig.json().get("field").asString()).isEqualTo("file");

        assertThat(jdbc.queryForObject("select count(*) from datasets", Integer.class))
                .isEqualTo(datasets);
        assertThat(jdbc.queryForObject("select count(*) from blobs", Integer.class))
                .isEqualTo(blobs);
    }

    @Test
    void aDatasetInUseCannotBeDeletedAndDeletingItTakesItsUnsharedFiles() {
        Map<String, byte[]> files = idx(12, 6, 11);
        long id = http.multipart("/api/datasets", files, Map.of())
                .json()
                .get("id")
                .asLong();
        Map<String, byte[]> sharing = new LinkedHashMap<>(files);
        sharing.put("testImages", IdxFiles.images(6, 4, 4, 99));
        long other = http.multipart("/api/datasets", sharing, Map.of())
                .json()
                .get("id")
                .asLong();
        assertThat(other).isNotEqualTo(id);

        long experiment = Fixtures.experiment(http);
        long model = Fixtures.model(http, """
                {"name": "img", "input": [1, 4, 4], "layers": [{"type": "flatten"}, {"type": "linear", "out": 3}]}""");
        long run = Fixtures.queue(http, Fixtures.run(experiment, id, model, 1));
        Http.Response refused = http.delete("/api/datasets/" + id);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("[" + run + "]");

        http.post("/api/runs/" + run + "/cancel", "");
        assertThat(http.delete("/api/datasets/" + id).status()).isEqualTo(204);
        assertThat(http.get("/api/datasets/" + id).status()).isEqualTo(404);
        assertThat(http.get("/api/runs/" + run).json().get("datasetId").isNull())
                .as("the run's record stays")
                .isTrue();
        Http.Response clone = http.post("/api/runs/" + run + "/clone", "{}");
        assertThat(clone.status()).as(clone.toString()).isEqualTo(400);
        assertThat(clone.json().get("field").asString()).isEqualTo("datasetId");
        assertThat(clone.json().get("detail").asString()).contains("run " + run + "'s dataset has been deleted");
        Http.Response elsewhere = http.post("/api/runs/" + run + "/clone", Map.of("datasetId", other));
        assertThat(elsewhere.status()).as(elsewhere.toString()).isEqualTo(201);
        // Three of its four files are shared with the other dataset and stay; its own test images go.
        assertThat(jdbc.queryForObject(
                        "select count(*) from blobs b where not exists (select 1 from dataset_files f where f.blob = b.sha256)",
                        Integer.class))
                .isZero();
        assertThat(http.get("/api/datasets/" + other + "/samples?limit=2").status())
                .isEqualTo(200);
        assertThat(http.delete("/api/datasets/" + id).status()).isEqualTo(404);
    }
}
