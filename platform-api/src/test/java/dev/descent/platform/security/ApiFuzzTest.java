package dev.descent.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.platform.Fixtures;
import dev.descent.platform.Http;
import dev.descent.platform.PlatformTest;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A schema-driven fuzzer over the platform's own OpenAPI document: every operation, with path and query parameters of
 * every wrong kind and JSON bodies that are valid ones with one field broken (a wrong type, a number out of range or
 * not finite, a NUL, a lone surrogate, a huge string, an unknown field). Seeded, bounded to a few thousand requests. No
 * answer may be a 5xx, an error that is not problem+json, or slower than 2 s.
 */
class ApiFuzzTest extends PlatformTest {
    private static final int REQUESTS = 2_500;
    private static final List<String> WILD = List.of(
            "null",
            "true",
            "\"\"",
            "\"x\"",
            "-1",
            "0",
            "1",
            "2147483648",
            "-2147483649",
            "9223372036854775807",
            "99999999999999999999",
            "1e400",
            "-1e400",
            "1.5",
            "[]",
            "{}",
            "[1, 2]",
            "{\"a\": {\"b\": [null]}}",
            "\"\\u0000\"",
            "\"\\ud800\"",
            "\"" + "y".repeat(20_000) + "\"",
            "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]");
    private static final List<String> PARAMS = List.of(
            "abc", "-1", "0", "1", "99999999999999999999", "1e400", "%00", "", "%2F", "%E2%80%AE", "true", "..");
    /** Would lock the test's own admin out (its token, its role), or never end (a live stream). */
    private static final Set<String> SKIPPED = Set.of(
            "DELETE /api/tokens/{id}",
            "DELETE /api/users/{id}",
            "PUT /api/users/{id}/role",
            "DELETE /api/session",
            "GET /api/runs/{id}/stream",
            "PUT /api/session/password");

    @Test
    void noOperationAnswersA5xxANonProblemErrorOrSlowly() {
        long experiment = Fixtures.experiment(http());
        long dataset = Fixtures.spirals(http(), 60);
        long model = Fixtures.model(http(), Fixtures.TINY_MODEL);
        long run = Fixtures.queue(http(), Fixtures.run(experiment, dataset, model, 1));
        Map<String, String> seeds = Map.of(
                "/api/runs", Http.JSON.writeValueAsString(Fixtures.run(experiment, dataset, model, 2)),
                "/api/models", Fixtures.TINY_MODEL,
                "/api/models/validate", Fixtures.TINY_MODEL,
                "/api/models/{id}/versions", Fixtures.TINY_MODEL,
                "/api/experiments", "{\"name\": \"fuzz\", \"description\": \"d\"}",
                "/api/datasets", "{\"source\": \"synthetic\", \"kind\": \"spirals\", \"n\": 90}",
                "/api/runs/{id}/metrics", "[{\"key\": \"train/loss\", \"step\": 1, \"value\": 0.5}]",
                "/api/runs/{id}/clone", "{\"seed\": 3}",
                "/api/tokens", "{\"name\": \"fuzz\"}",
                "/api/users", "{\"username\": \"fuzz\", \"password\": \"a-long-password\", \"role\": \"viewer\"}");

        JsonNode doc = http().get("/v3/api-docs").json();
        List<String[]> operations = new ArrayList<>();
        for (var path : doc.get("paths").properties()) {
            for (var op : path.getValue().properties()) {
                String method = op.getKey().toUpperCase(Locale.ROOT);
                if (!SKIPPED.contains(method + " " + path.getKey()))
                    operations.add(new String[] {method, path.getKey()});
            }
        }
        assertThat(operations).hasSizeGreaterThan(15);

        Random random = new Random(13);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REQUESTS && failures.size() < 20; i++) {
            String[] op = operations.get(random.nextInt(operations.size()));
            String method = op[0], template = op[1];
            String path = template.replaceAll(
                    "\\{[^}]+}",
                    random.nextInt(3) == 0
                            ? PARAMS.get(random.nextInt(PARAMS.size()))
                            : Long.toString(random.nextBoolean() ? run : experiment));
            path += query(doc.get("paths").get(template).get(op[0].toLowerCase(Locale.ROOT)), random);
            HttpRequest.Builder request;
            try {
                request = http().request(path);
            } catch (IllegalArgumentException badUri) {
                continue; // the client itself refuses to send such a path
            }
            String body = null;
            if (!method.equals("GET") && !method.equals("DELETE")) {
                String seed = seeds.get(template);
                body = seed == null || random.nextInt(5) == 0
                        ? WILD.get(random.nextInt(WILD.size()))
                        : mutate(seed, random);
                request.header("Content-Type", "application/json");
            }
            request.method(
                    method,
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            long start = System.nanoTime();
            Http.Response r = http().send(request);
            double seconds = (System.nanoTime() - start) / 1e9;
            String what = method + " " + path + (body == null ? "" : " " + abbreviate(body)) + " -> " + r.status();
            String type = r.header("Content-Type");
            if (r.status() >= 500) failures.add(what + " " + abbreviate(r.text()));
            else if (r.status() >= 400 && (type == null || !type.startsWith("application/problem+json")))
                failures.add(what + " as " + type + ": " + abbreviate(r.text()));
            else if (seconds > 2.0) failures.add(what + " took " + seconds + " s");
        }
        assertThat(failures).isEmpty();
    }

    private static String query(JsonNode operation, Random random) {
        if (operation == null || !operation.has("parameters")) return "";
        StringBuilder q = new StringBuilder();
        for (JsonNode p : operation.get("parameters")) {
            if (!"query".equals(p.path("in").asString()) || random.nextBoolean()) continue;
            q.append(q.isEmpty() ? "?" : "&")
                    .append(p.get("name").asString())
                    .append('=')
                    .append(
                            random.nextInt(4) == 0
                                    ? URLEncoder.encode(WILD.get(random.nextInt(WILD.size())), StandardCharsets.UTF_8)
                                    : PARAMS.get(random.nextInt(PARAMS.size())));
        }
        return q.toString();
    }

    /** The seed with one field replaced by a wild value, removed, or joined by an unknown one. */
    private static String mutate(String seed, Random random) {
        JsonNode node = Http.JSON.readTree(seed);
        ObjectNode target = node.isArray() ? (ObjectNode) node.get(0) : (ObjectNode) node;
        List<String> fields = new ArrayList<>(target.propertyNames());
        String field = fields.get(random.nextInt(fields.size()));
        String marker = "\"@@WILD@@\"";
        switch (random.nextInt(6)) {
            case 0 -> target.remove(field);
            case 1 -> target.put("unknownField", 1);
            default -> target.put(field, "@@WILD@@");
        }
        return Http.JSON.writeValueAsString(node).replace(marker, WILD.get(random.nextInt(WILD.size())));
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
