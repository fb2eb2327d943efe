package dev.descent.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.platform.metrics.MetricWriter;
import dev.descent.platform.runs.RunStore;
import dev.descent.spec.MetricPoint;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Run rows' results, tags and attempts, and the filter language of GET /api/runs, against the real database. */
class RunSearchTest extends PlatformTest {
    @Autowired
    MetricWriter writer;

    @Autowired
    RunStore store;

    @Autowired
    JdbcTemplate jdbc;

    Http http;
    long experiment, adam, sgd, rmsprop;

    @BeforeEach
    void setUp() {
        http = http();
        experiment = Fixtures.experiment(http);
        long data = Fixtures.spirals(http, 30), model = Fixtures.model(http, Fixtures.TINY_MODEL);
        adam = queue(data, model, Map.of("type", "adam", "lr", 0.001), "adam-run");
        sgd = queue(data, model, Map.of("type", "sgd", "lr", 0.1), "sgd-run");
        rmsprop = queue(data, model, Map.of("type", "rmsprop", "lr", 0.01), "rms");
        patch(adam, Map.of("tags", List.of("owner=ana", "baseline"), "note", "the reference"), 200);
        patch(sgd, Map.of("tags", List.of("owner=bob")), 200);
        writer.write(adam, points("val/accuracy", 0.5, 0.7, 0.9));
        writer.write(sgd, points("val/accuracy", 0.8, 0.6, 0.8));
    }

    private long queue(long data, long model, Map<String, Object> optimizer, String name) {
        Map<String, Object> body = new HashMap<>(Fixtures.run(experiment, data, model, 1));
        body.put("optimizer", optimizer);
        body.put("name", name);
        return Fixtures.queue(http, body);
    }

    private static List<MetricPoint> points(String key, double... values) {
        List<MetricPoint> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) out.add(new MetricPoint(key, i, values[i], Instant.now()));
        return out;
    }

    private JsonNode patch(long run, Map<String, Object> body, int status) {
        Http.Response r = http.patch("/api/runs/" + run, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        return r.json();
    }

    private Http.Response search(String filter, String extra) {
        return http.get("/api/runs?experimentId=" + experiment + "&filter="
                + URLEncoder.encode(filter, StandardCharsets.UTF_8) + extra);
    }

    private List<Long> ids(String filter, String extra) {
        Http.Response r = search(filter, extra);
        assertThat(r.status()).as(filter + " -> " + r).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        r.json().get("content").forEach(n -> ids.add(n.get("id").asLong()));
        return ids;
    }

    @Test
    void theFilterLanguageMatchesParamsMetricsTagsAndColumns() {
        assertThat(ids("params.optimizer.type = 'adam'", "")).containsExactly(adam);
        assertThat(ids("metrics.val/accuracy > 0.85", "")).containsExactly(adam);
        assertThat(ids("metrics.val/accuracy > 0.85 or tags.owner = 'bob'", "&sort=id"))
                .containsExactly(adam, sgd);
        assertThat(ids("tags.owner = 'ana' and tag = 'baseline'", "")).containsExactly(adam);
        assertThat(ids("not (params.optimizer.type = 'adam')", "&sort=id")).containsExactly(sgd, rmsprop);
        assertThat(ids("params.optimizer.lr < 0.05 and params.optimizer.lr >= 0.001", "&sort=id"))
                .containsExactly(adam, rmsprop);
        assertThat(ids("status in ('QUEUED', 'RUNNING') and name ~ 'ADAM'", "")).containsExactly(adam);
        assertThat(ids("metrics.val/accuracy is null", "")).containsExactly(rmsprop);
        assertThat(ids("tags.owner is not null and created >= '2000-01-01'", "&sort=id"))
                .containsExactly(adam, sgd);
        assertThat(ids("note ~ 'reference' and model = 'tiny' and engine = 'test'", ""))
                .containsExactly(adam);
        assertThat(ids("created < '2000-01-01T00:00:00Z'", "")).isEmpty();
        assertThat(ids("params.batchSize = 8 and params.seed in (1, 2)", "")).hasSize(3);
    }

    @Test
    void runsSortByMetricsParamsAndTagsWithNullsLastAndPage() {
        assertThat(ids("", "&sort=metrics.val/accuracy,desc")).containsExactly(adam, sgd, rmsprop);
        assertThat(ids("", "&sort=metrics.val/accuracy,asc")).containsExactly(sgd, adam, rmsprop);
        assertThat(ids("", "&sort=params.optimizer.lr,desc")).containsExactly(sgd, rmsprop, adam);
        assertThat(ids("", "&sort=tags.owner")).containsExactly(adam, sgd, rmsprop);
        assertThat(ids("", "&sort=name,desc")).containsExactly(sgd, rmsprop, adam);
        Http.Response page = search("", "&sort=id&size=1&page=1");
        assertThat(page.json().get("totalElements").asLong()).isEqualTo(3);
        assertThat(page.json().get("totalPages").asInt()).isEqualTo(3);
        assertThat(page.json().get("content").get(0).get("id").asLong()).isEqualTo(sgd);
        assertThat(http.get("/api/runs?sort=metrics.,desc").status()).isEqualTo(400);
        assertThat(http.get("/api/runs?sort=secret").json().get("field").asString())
                .isEqualTo("sort");
    }

    @Test
    void aBadFilterAnswers400WithItsPositionAndWhatWasExpected() {
        assertError("params.optimizer.type = ", 24, "a value");
        assertError("status = 'NOPE'", 9, "one of");
        assertError("secret = 1", 0, "a field");
        assertError("(name = 'a'", 11, "')'");
        assertError("name = 'a' name", 11, "'and', 'or'");
        assertError("name = 'open", 7, "a closing quote");
        assertError("name == 'a'", 6, "a value");
        assertError("priority = 'high'", 11, "a number");
        assertError("created > 'yesterday'", 10, "a date");
        assertError("name ; drop table runs", 5, "a field name, a value");
    }

    private void assertError(String filter, int position, String expected) {
        Http.Response r = search(filter, "");
        assertThat(r.status()).as(filter + " -> " + r).isEqualTo(400);
        assertThat(r.json().get("position").asInt()).as(filter + " -> " + r).isEqualTo(position);
        assertThat(r.json().get("expected").asString()).as(filter).contains(expected);
        assertThat(r.json().get("field").asString()).isEqualTo("filter");
    }

    @Test
    void fiftyInjectionAttemptsAnswer400OrMatchNothingAndLeaveTheTablesIntact() {
        long runs = count("runs"), metrics = count("metrics"), latest = count("latest_metrics");
        List<String> attacks = List.of(
                "name = 'x' or 1=1",
                "name = 'x' or '1'='1'",
                "name = 'x'' or ''1''=''1'",
                "name = 'x'; drop table runs; --'",
                "name = 'x' -- comment",
                "name = 'x' /* c */ or true",
                "name = ''; delete from metrics where ''=''",
                "name = 'a' union select * from users",
                "name = 'a'' union select password_hash from users --'",
                "name = 'a'' union all select 1 --'",
                "params.optimizer.type = 'adam'' or ''a''=''a'",
                "params.x'); drop table runs; -- = 1",
                "params.a.b = '\\'; drop table runs; --'",
                "metrics.x' or 1=1 -- > 0",
                "metrics.val/accuracy > 0 or 1 = 1",
                "tags.owner = 'ana'' or tags.owner like ''%'",
                "tag = 'baseline''); drop table runs; --'",
                "name = \u2018x\u2019 or \u2018a\u2019=\u2018a\u2019",
                "name = \u02bcx\u02bc or 1=1",
                "name = \uff07x\uff07",
                "name = 'x\u2019 or \u20181\u2019=\u20181'",
                "n\u0430me = 'adam-run'",
                "name = 'adam-run\u0000'",
                "name = '\u0000'; drop table runs",
                "name = 'x\\' or 1=1 --'",
                "name = 'x\\\\'' or 1=1 --'",
                "name ~ '%'",
                "name ~ '_'",
                "name ~ '.*'",
                "name = 'x' or (select 1) = 1",
                "status = 'QUEUED'' or ''1''=''1'",
                "status in ('QUEUED'); drop table runs; --')",
                "id = 1; select pg_sleep(10)",
                "id = (select max(id) from runs)",
                "id = 0x1",
                "priority = 1e999",
                "created >= '2026-01-01'' or ''1''=''1'",
                "pg_sleep(10) = 1",
                "name = $$x$$",
                "name = E'\\x27'",
                "name = 'a' || 'b'",
                "name = 'a'::text",
                "name = \"a\" or 1=1",
                "`name` = 'a'",
                "name = 'a' #",
                "(".repeat(200) + "name = 'a'" + ")".repeat(200),
                "not ".repeat(100) + "name = 'a'",
                "name = '" + "x".repeat(5_000) + "'",
                "name in (" + "'a',".repeat(500) + "'a')",
                "name = 'a' and ".repeat(150) + "name = 'a'");
        assertThat(attacks).hasSize(50);
        for (String attack : attacks) {
            Http.Response r = search(attack, "");
            assertThat(r.status()).as(attack + " -> " + r).isIn(200, 400);
            if (r.status() == 200)
                assertThat(r.json().get("totalElements").asLong()).as(attack).isZero();
        }
        assertThat(count("runs")).isEqualTo(runs);
        assertThat(count("metrics")).isEqualTo(metrics);
        assertThat(count("latest_metrics")).isEqualTo(latest);
        assertThat(count("users")).isPositive();
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    @Test
    void runRowsCarryLastBestAndFinalValuesThatAgreeWithTheRawPointsOfAResumedRun() {
        // The first attempt logs steps 0..99; the resumed one logs 50..149 again with other values: the first write
        // of a step stands, and the results must say what the stored points say.
        List<MetricPoint> first = new ArrayList<>(), second = new ArrayList<>();
        for (int s = 0; s < 100; s++) {
            first.add(new MetricPoint("train/loss", s, 2.0 - s / 100.0, Instant.now()));
            first.add(new MetricPoint("val/accuracy", s, s == 40 ? 0.95 : s / 200.0, Instant.now()));
        }
        for (int s = 50; s < 150; s++) {
            second.add(new MetricPoint("train/loss", s, s == 120 ? 0.01 : 5.0, Instant.now()));
            second.add(new MetricPoint("val/accuracy", s, s == 60 ? 0.99 : 0.1, Instant.now()));
        }
        writer.write(rmsprop, first);
        writer.write(rmsprop, second);
        JsonNode row = http.get("/api/runs/" + rmsprop).json();
        for (String key : List.of("train/loss", "val/accuracy")) {
            boolean lower = key.endsWith("loss");
            Map<String, Object> raw = jdbc.queryForMap(
                    "select (select value from metrics where run_id = ? and key = ? order by step desc limit 1) as last,"
                            + " (select step from metrics where run_id = ? and key = ? order by step desc limit 1) as laststep,"
                            + " (select value from metrics where run_id = ? and key = ? order by value "
                            + (lower ? "asc" : "desc") + ", step limit 1) as best,"
                            + " (select step from metrics where run_id = ? and key = ? order by value "
                            + (lower ? "asc" : "desc") + ", step limit 1) as beststep",
                    rmsprop,
                    key,
                    rmsprop,
                    key,
                    rmsprop,
                    key,
                    rmsprop,
                    key);
            JsonNode m = row.get("metrics").get(key);
            assertThat(m.get("last").asDouble()).as(key).isEqualTo(((Number) raw.get("last")).doubleValue());
            assertThat(m.get("lastStep").asLong()).as(key).isEqualTo(((Number) raw.get("laststep")).longValue());
            assertThat(m.get("best").asDouble()).as(key).isEqualTo(((Number) raw.get("best")).doubleValue());
            assertThat(m.get("bestStep").asLong()).as(key).isEqualTo(((Number) raw.get("beststep")).longValue());
            assertThat(m.get("final").isNull())
                    .as("a queued run has no final value")
                    .isTrue();
        }
        assertThat(row.get("metrics").get("train/loss").get("best").asDouble()).isEqualTo(0.01);
        assertThat(row.get("metrics").get("val/accuracy").get("best").asDouble())
                .isEqualTo(0.95);
        assertThat(row.get("metrics").get("val/accuracy").get("bestStep").asLong())
                .isEqualTo(40);

        jdbc.update(
                "update runs set status = 'SUCCEEDED', status_reason = 'COMPLETED', started_at = now() - interval '90 seconds',"
                        + " finished_at = now() where id = ?",
                rmsprop);
        JsonNode done = http.get("/api/runs/" + rmsprop).json();
        assertThat(done.get("metrics").get("train/loss").get("final").asDouble())
                .isEqualTo(5.0);
        assertThat(done.get("durationSeconds").asDouble()).isBetween(89.0, 91.0);
        assertThat(ids("metrics.train/loss < 6 and duration > 60", "")).containsExactly(rmsprop);
    }

    @Test
    void tagsAndNotesAreValidatedAndOnlyTheOwnerChangesThem() {
        JsonNode row = http.get("/api/runs/" + adam).json();
        assertThat(row.get("tags").toString()).isEqualTo("[\"owner=ana\",\"baseline\"]");
        assertThat(row.get("note").asString()).isEqualTo("the reference");
        assertThat(patch(adam, Map.of("name", "renamed"), 200).get("name").asString())
                .isEqualTo("renamed");
        assertThat(patch(adam, Map.of("name", "renamed"), 200).get("tags")).hasSize(2);

        List<String> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) many.add("t" + i);
        assertThat(patch(adam, Map.of("tags", many), 400).get("field").asString())
                .isEqualTo("tags");
        assertThat(patch(adam, Map.of("tags", List.of("ok", "bad key=1")), 400)
                        .get("field")
                        .asString())
                .isEqualTo("tags[1]");
        assertThat(patch(adam, Map.of("tags", List.of("x".repeat(101))), 400)
                        .get("field")
                        .asString())
                .isEqualTo("tags[0]");
        assertThat(patch(adam, Map.of("note", "n".repeat(10_001)), 400)
                        .get("field")
                        .asString())
                .isEqualTo("note");
        assertThat(patch(adam, Map.of("colour", "red"), 400).get("status").asInt())
                .isEqualTo(400);

        Http member = Fixtures.user(http, "member");
        Http.Response other = member.patch("/api/runs/" + adam, Map.of("note", "mine now"));
        assertThat(other.status()).as(other.toString()).isEqualTo(403);
        assertThat(http.patch("/api/runs/999999", Map.of("note", "x")).status()).isEqualTo(404);
        assertThat(http.get("/api/runs/" + adam).json().get("note").asString()).isEqualTo("the reference");
    }

    @Test
    void eachClaimIsAnAttemptWithItsWorkerDeviceAndHowItEnded() {
        jdbc.update("update runs set priority = 100 where id = ?", sgd);
        jdbc.update(
                "insert into workers (id, host, pid, cpu_cores, memory_mb, state) values ('w-a', 'h', 1, 1, 1, 'BUSY')");
        assertThat(store.claim("w-a", false).orElseThrow().id()).isEqualTo(sgd);
        assertThat(store.requeue(sgd, "w-a")).isPresent();
        assertThat(store.claim("w-a", true).orElseThrow().id()).isEqualTo(sgd);

        JsonNode attempts = http.get("/api/runs/" + sgd + "/attempts").json();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).get("reason").asString()).isEqualTo("WORKER_SHUTDOWN");
        assertThat(attempts.get(0).get("device").asString()).isEqualTo("cpu");
        assertThat(attempts.get(1).get("device").asString()).isEqualTo("cuda");
        JsonNode row = http.get("/api/runs/" + sgd).json();
        assertThat(row.get("attempts").asInt()).isEqualTo(2);
        assertThat(row.get("worker").asString()).isEqualTo("w-a");
        assertThat(row.get("device").asString()).isEqualTo("cuda");
        assertThat(ids("worker = 'w-a' and attempts = 2", "")).containsExactly(sgd);
        assertThat(http.get("/api/runs/999999/attempts").status()).isEqualTo(404);
    }
}
