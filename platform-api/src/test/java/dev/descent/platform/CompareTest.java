package dev.descent.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.platform.metrics.MetricWriter;
import dev.descent.spec.MetricPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** GET /api/compare over stored runs: the shared axis, spikes through downsampling, parameters, CSV and limits. */
class CompareTest extends PlatformTest {
    @Autowired
    MetricWriter writer;

    Http http;
    long adam, sgd;

    @BeforeEach
    void setUp() {
        http = http();
        long experiment = Fixtures.experiment(http);
        long data = Fixtures.spirals(http, 30), model = Fixtures.model(http, Fixtures.TINY_MODEL);
        Map<String, Object> a = new HashMap<>(Fixtures.run(experiment, data, model, 1));
        a.put("optimizer", Map.of("type", "adam", "lr", 0.001));
        adam = Fixtures.queue(http, a);
        sgd = Fixtures.queue(http, Fixtures.run(experiment, data, model, 1));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<MetricPoint> pa = new ArrayList<>(), pb = new ArrayList<>();
        for (int s = 0; s < 5_000; s++) {
            pa.add(new MetricPoint("train/loss", s, s == 1_234 ? 100.0 : 1.0, t0.plusMillis(s * 10L)));
            if (s < 3_000) pb.add(new MetricPoint("train/loss", s, s == 2_500 ? -7.0 : 2.0, t0.plusMillis(s * 10L)));
        }
        for (int e = 1; e <= 5; e++) pa.add(new MetricPoint("epoch", e * 1_000L - 1, e, t0));
        writer.write(adam, pa);
        writer.write(sgd, pb);
    }

    private JsonNode compare(String query) {
        Http.Response r = http.get("/api/compare?" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode run(JsonNode c, long id) {
        for (JsonNode r : c.get("runs")) if (r.get("id").asLong() == id) return r;
        throw new AssertionError("no run " + id + " in " + c);
    }

    @Test
    void seriesShareOneStepGridAndKeepTheirSpikes() {
        for (int maxPoints : new int[] {50, 100, 1_000, 4_000}) {
            JsonNode c = compare("runs=" + adam + "," + sgd + "&keys=train/loss&x=step&maxPoints=" + maxPoints);
            assertThat(c.get("x").asString()).isEqualTo("step");
            JsonNode a = run(c, adam).get("series").get("train/loss"),
                    b = run(c, sgd).get("series").get("train/loss");
            assertThat(a.get("bucketWidth").asLong())
                    .isEqualTo(b.get("bucketWidth").asLong());
            assertThat(a.get("x").size()).isLessThanOrEqualTo(maxPoints).isGreaterThan(1);
            // The shorter run's buckets are the longer one's first buckets: the same boundaries.
            for (int i = 0; i < b.get("x").size(); i++)
                assertThat(b.get("x").get(i).asDouble())
                        .isEqualTo(a.get("x").get(i).asDouble());
            assertThat(max(a.get("max"))).as("maxPoints %d", maxPoints).isEqualTo(100.0);
            assertThat(min(b.get("min"))).as("maxPoints %d", maxPoints).isEqualTo(-7.0);
            assertThat(a.get("last").get(a.get("last").size() - 1).asDouble()).isEqualTo(1.0);
        }
        JsonNode raw = compare("runs=" + sgd + "&keys=train/loss&maxPoints=10000");
        assertThat(run(raw, sgd).get("series").get("train/loss").get("x")).hasSize(3_000);
        assertThat(run(raw, sgd)
                        .get("series")
                        .get("train/loss")
                        .get("bucketWidth")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void epochAndTimeAxesMapEachRunsSteps() {
        JsonNode e = compare("runs=" + adam + "&keys=train/loss&x=epoch&maxPoints=100");
        JsonNode xs = run(e, adam).get("series").get("train/loss").get("x");
        for (int i = 1; i < xs.size(); i++)
            assertThat(xs.get(i).asDouble()).isGreaterThan(xs.get(i - 1).asDouble());
        assertThat(xs.get(xs.size() - 1).asDouble()).isBetween(4.9, 5.0);
        JsonNode t = compare("runs=" + sgd + "&keys=train/loss&x=time&maxPoints=10000");
        // sgd never started: no time axis to go by.
        assertThat(run(t, sgd).get("series").get("train/loss").get("x").get(0).isNull())
                .isTrue();
    }

    @Test
    void paramsAreFlattenedAndTheDifferingOnesNamed() {
        JsonNode c = compare("runs=" + adam + "," + sgd + "&keys=train/loss,missing/key");
        assertThat(run(c, adam).get("params").get("optimizer.type").asString()).isEqualTo("adam");
        assertThat(run(c, sgd).get("params").get("optimizer.lr").asDouble()).isEqualTo(0.1);
        assertThat(run(c, sgd).get("params").get("batchSize").asInt()).isEqualTo(8);
        List<String> differing = new ArrayList<>();
        c.get("differing").forEach(n -> differing.add(n.asString()));
        assertThat(differing).contains("optimizer.type", "optimizer.lr").doesNotContain("batchSize", "seed");
        assertThat(run(c, adam).get("metrics").get("train/loss").get("best").asDouble())
                .isEqualTo(1.0);
        assertThat(run(c, adam).get("series").get("missing/key").get("x")).isEmpty();
    }

    @Test
    void csvHasOneRowPerBucket() {
        Http.Response r =
                http.get("/api/compare?runs=" + adam + "," + sgd + "&keys=train/loss&maxPoints=100&format=csv");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/csv");
        String[] lines = r.text().split("\n");
        assertThat(lines[0]).isEqualTo("run,key,x,min,max,last");
        JsonNode c = compare("runs=" + adam + "," + sgd + "&keys=train/loss&maxPoints=100");
        int buckets = run(c, adam).get("series").get("train/loss").get("x").size()
                + run(c, sgd).get("series").get("train/loss").get("x").size();
        assertThat(lines).hasSize(1 + buckets);
        assertThat(lines[1]).startsWith(adam + ",train/loss,0,");
    }

    @Test
    void limitsAndMissingRunsAnswerProblemsNamingTheParameter() {
        StringBuilder many = new StringBuilder();
        for (int i = 1; i <= 101; i++) many.append(i == 1 ? "" : ",").append(i);
        assertProblem("runs=" + many + "&keys=a", 400, "runs");
        assertProblem("runs=" + adam + "&keys=" + "k,".repeat(20) + "k", 400, "keys");
        assertProblem("runs=" + adam + "&keys=a&maxPoints=10001", 400, "maxPoints");
        assertProblem("runs=" + adam + "&keys=a&maxPoints=1", 400, "maxPoints");
        assertProblem("runs=" + adam + "&keys=a&x=wall", 400, "x");
        assertProblem("runs=1;drop&keys=a", 400, "runs");
        assertProblem("keys=a", 400, "runs");
        assertProblem("runs=" + adam, 400, "keys");
        assertProblem("runs=" + adam + "&keys=a&format=xml", 400, "format");
        assertProblem("runs=" + adam + ",999999&keys=a", 404, "runs");
        assertProblem("runs=" + adam + "&keys=a&colour=red", 400, "colour");
        Http.Response anonymous = http.anonymous().get("/api/compare?runs=" + adam + "&keys=a");
        assertThat(anonymous.status()).isEqualTo(401);
        Http viewer = Fixtures.user(http, "viewer");
        assertThat(viewer.get("/api/compare?runs=" + adam + "&keys=a").status()).isEqualTo(200);
    }

    /** What web-ui/src/api/capabilities.ts looks for to light up search, compare and run results. */
    @Test
    void theApiDocumentAnnouncesTheFilterTheComparisonAndRunResults() {
        JsonNode doc = http.get("/v3/api-docs").json();
        List<String> params = new ArrayList<>();
        doc.get("paths")
                .get("/api/runs")
                .get("get")
                .get("parameters")
                .forEach(p -> params.add(p.get("name").asString()));
        assertThat(params).contains("filter", "sort");
        assertThat(doc.get("paths").has("/api/compare")).isTrue();
        JsonNode runView = doc.get("components").get("schemas").get("RunView").get("properties");
        assertThat(runView.has("metrics")).isTrue();
        assertThat(runView.has("tags")).isTrue();
        assertThat(doc.get("paths")
                        .get("/api/runs")
                        .get("get")
                        .get("description")
                        .asString())
                .contains("position");
    }

    private void assertProblem(String query, int status, String field) {
        Http.Response r = http.get("/api/compare?" + query);
        assertThat(r.status()).as(query + " -> " + r).isEqualTo(status);
        assertThat(r.json().get("field").asString()).as(query).isEqualTo(field);
    }

    private static double max(JsonNode a) {
        double m = Double.NEGATIVE_INFINITY;
        for (JsonNode n : a) m = Math.max(m, n.asDouble());
        return m;
    }

    private static double min(JsonNode a) {
        double m = Double.POSITIVE_INFINITY;
        for (JsonNode n : a) m = Math.min(m, n.asDouble());
        return m;
    }
}
