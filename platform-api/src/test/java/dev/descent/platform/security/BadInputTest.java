package dev.descent.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.platform.Fixtures;
import dev.descent.platform.Http;
import dev.descent.platform.PlatformTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Inputs that once answered 500, Tomcat's HTML or the database's own words, each now a 4xx problem detail. */
class BadInputTest extends PlatformTest {

    private static void assertProblem(Http.Response r, int status, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).as(r.toString()).startsWith("application/problem+json");
        if (field != null)
            assertThat(r.json().get("field").asString()).as(r.toString()).isEqualTo(field);
    }

    @Test
    void numbersOutOfRangeAndNonFiniteValuesNameTheirField() {
        long experiment = Fixtures.experiment(http());
        long dataset = Fixtures.spirals(http(), 60);
        long model = Fixtures.model(http(), Fixtures.TINY_MODEL);
        for (String field : List.of("epochs", "batchSize", "seed", "earlyStoppingPatience")) {
            Map<String, Object> request = Fixtures.run(experiment, dataset, model, 1);
            request.put(field, "BIG");
            String body = Http.JSON.writeValueAsString(request).replace("\"BIG\"", "99999999999999999999");
            Http.Response r = http().post("/api/runs", body);
            assertThat(r.status()).as(field + ": " + r).isEqualTo(400);
            assertThat(r.json().get("field").asString()).as(r.toString()).contains(field);
        }
        long run = Fixtures.queue(http(), Fixtures.run(experiment, dataset, model, 1));
        Http.Response infinite = http().post(
                        "/api/runs/" + Fixtures.external(http(), experiment) + "/metrics",
                        "[{\"key\": \"train/loss\", \"step\": 1, \"value\": 1e400}]");
        assertProblem(infinite, 400, "[0].value");
        Http.Response clone = http().post("/api/runs/" + run + "/clone", "{\"epochs\": 99999999999999999999}");
        assertProblem(clone, 400, "epochs");
    }

    @Test
    void wrongJsonTypesAndHugeDimensionsInAModelNameTheirField() {
        assertProblem(http().post("/api/models", Fixtures.TINY_MODEL.replace("\"tiny\"", "{\"a\": 1}")), 400, null);
        assertProblem(http().post("/api/models", Fixtures.TINY_MODEL.replace("\"tiny\"", "[1, 2]")), 400, null);
        Http.Response huge = http().post("/api/models", Fixtures.TINY_MODEL.replace("[2]", "[2147483648]"));
        assertThat(huge.status()).as(huge.toString()).isEqualTo(400);
    }

    @Test
    void aLoneSurrogateIsNotText() {
        Http.Response r = http().post("/api/experiments", "{\"name\": \"half \\ud800 a pair\"}");
        assertProblem(r, 400, "name");
    }

    @Test
    void pathsTomcatRefusesAreProblemDetailsToo() throws IOException {
        for (String path : List.of("/api/runs/%00", "/api/runs/a%2Fb", "/api/%2e%2e/%2e%2e/etc")) {
            String answer = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(answer).as(path).startsWith("HTTP/1.1 4");
            assertThat(answer).as(path).contains("application/problem+json").doesNotContain("<html");
        }
    }

    @Test
    void theCsvExportNeutralisesFormulas() {
        long run = Fixtures.external(http(), Fixtures.experiment(http()));
        http().post(
                        "/api/runs/" + run + "/metrics",
                        List.of(
                                Map.of("key", "=HYPERLINK(\"http://evil\")", "step", 1, "value", 1.0),
                                Map.of("key", "@SUM(A1)", "step", 1, "value", 1.0),
                                Map.of("key", "train/loss", "step", 1, "value", -1.0)));
        String csv = http().get("/api/runs/" + run + "/metrics.csv").text();
        assertThat(csv).contains("'=HYPERLINK").contains("'@SUM").contains("train/loss,1,-1");
        assertThat(csv.lines()).noneMatch(l -> l.startsWith("=") || l.startsWith("@") || l.startsWith("\"="));
    }

    @Test
    void concurrentIdenticalCreatesAreOneDataset() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Http.Response>> creates = new ArrayList<>();
            for (int i = 0; i < 32; i++)
                creates.add(
                        () -> http().post("/api/datasets", Map.of("source", "synthetic", "kind", "blobs", "n", 777)));
            List<Long> ids = new ArrayList<>();
            for (Future<Http.Response> f : pool.invokeAll(creates)) {
                Http.Response r = f.get();
                assertThat(r.status()).as(r.toString()).isIn(200, 201);
                ids.add(r.json().get("id").asLong());
            }
            assertThat(ids).containsOnly(ids.getFirst());
        } finally {
            pool.shutdownNow();
        }
    }

    private String raw(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
