package dev.descent.platform.metrics;

import dev.descent.platform.config.ApiProblem;
import dev.descent.spec.MetricPoint;
import java.sql.Connection;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/runs/{id}")
class MetricsController {
    static final int MAX_POINTS_PER_BATCH = 100_000;
    static final int MAX_KEY_LENGTH = 200;
    /** Far past any training's step count, and small enough that a series' span and bucket edges fit a long. */
    static final long MAX_STEP = 1_000_000_000_000_000L;

    static final Instant FIRST_TIMESTAMP = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LAST_TIMESTAMP = Instant.parse("9999-12-31T23:59:59.999999Z");

    private final MetricWriter writer;
    private final MetricQueries queries;
    private final JdbcTemplate jdbc;
    private final DataSource dataSource;

    MetricsController(MetricWriter writer, MetricQueries queries, JdbcTemplate jdbc, DataSource dataSource) {
        this.writer = writer;
        this.queries = queries;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /** Logs a batch {@code [{key, step, value, timestamp}]}; a point already stored is kept as it was. */
    @PostMapping(path = "/metrics", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> log(@PathVariable long id, @RequestBody JsonNode body) {
        requireRun(id);
        List<MetricPoint> points = parse(body);
        writer.write(id, points);
        return Map.of("runId", id, "received", points.size());
    }

    /** One key's series (downsampled past {@code maxPoints}), or every key's when no key is given. */
    @GetMapping("/metrics")
    Object series(
            @PathVariable long id,
            @RequestParam(required = false) List<String> key,
            @RequestParam(defaultValue = "1000") int maxPoints,
            @RequestParam(required = false) Long fromStep,
            @RequestParam(required = false) Long toStep) {
        requireRun(id);
        if (maxPoints < 2 || maxPoints > 10_000)
            throw ApiProblem.badRequest("maxPoints", "must be between 2 and 10000, got " + maxPoints);
        if (fromStep != null && fromStep < 0) throw ApiProblem.badRequest("fromStep", "must be >= 0, got " + fromStep);
        if (fromStep != null && toStep != null && toStep < fromStep)
            throw ApiProblem.badRequest("toStep", "must be >= fromStep (" + fromStep + "), got " + toStep);
        if (key != null && key.size() == 1) return queries.series(id, key.getFirst(), maxPoints, fromStep, toStep);
        List<String> keys = key == null ? queries.keys(id) : key;
        return Map.of(
                "runId",
                id,
                "series",
                keys.stream()
                        .map(k -> queries.series(id, k, maxPoints, fromStep, toStep))
                        .toList());
    }

    /** Every point of the run as CSV ({@code key,step,value,timestamp}), streamed straight from PostgreSQL. */
    @GetMapping(path = "/metrics.csv", produces = "text/csv")
    ResponseEntity<StreamingResponseBody> csv(@PathVariable long id) {
        requireRun(id);
        StreamingResponseBody body = out -> {
            try (Connection c = dataSource.getConnection()) {
                // COPY takes no parameters; the id is a long, so inlining it is safe.
                c.unwrap(PGConnection.class).getCopyAPI().copyOut("""
                        copy (select key, step, value, to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as timestamp
                              from metrics where run_id = %d order by key, step) to stdout with (format csv, header)""".formatted(id), out);
            } catch (java.sql.SQLException e) {
                throw new java.io.IOException("could not export run " + id + "'s metrics: " + e.getMessage(), e);
            }
        };
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"run-" + id + "-metrics.csv\"")
                .contentType(MediaType.parseMediaType("text/csv"))
                .body(body);
    }

    private void requireRun(long id) {
        Boolean exists = jdbc.queryForObject("select exists (select 1 from runs where id = ?)", Boolean.class, id);
        if (!Boolean.TRUE.equals(exists)) throw ApiProblem.notFound("id", "run", id);
    }

    static List<MetricPoint> parse(JsonNode body) {
        if (body == null || !body.isArray())
            throw ApiProblem.badRequest(
                    "$", "must be a JSON array of points [{\"key\", \"step\", \"value\", \"timestamp\"}]");
        if (body.size() > MAX_POINTS_PER_BATCH) {
            throw ApiProblem.tooLarge(
                    "$", "a batch holds at most " + MAX_POINTS_PER_BATCH + " points, got " + body.size());
        }
        List<MetricPoint> points = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            JsonNode p = body.get(i);
            String at = "[" + i + "]";
            if (!p.isObject())
                throw ApiProblem.badRequest(
                        at, "must be an object {\"key\", \"step\", \"value\", \"timestamp\"}, got " + p);
            for (String name : p.propertyNames()) {
                if (!List.of("key", "step", "value", "timestamp").contains(name))
                    throw ApiProblem.badRequest(
                            at + "." + name, "is not a field of a metric point (key, step, value, timestamp)");
            }
            JsonNode key = p.get("key"), step = p.get("step"), value = p.get("value"), ts = p.get("timestamp");
            if (key == null || !key.isString() || key.asString().isBlank())
                throw ApiProblem.badRequest(at + ".key", "is required: a non-blank string such as \"train/loss\"");
            if (key.asString().length() > MAX_KEY_LENGTH)
                throw ApiProblem.badRequest(at + ".key", "must be at most " + MAX_KEY_LENGTH + " characters");
            if (step == null || !step.isIntegralNumber() || !step.canConvertToLong())
                throw ApiProblem.badRequest(at + ".step", "is required: an integer, got " + step);
            if (step.asLong() < 0 || step.asLong() > MAX_STEP) {
                throw ApiProblem.badRequest(
                        at + ".step", "must be between 0 and " + MAX_STEP + ", got " + step.asLong());
            }
            if (value == null || !value.isNumber())
                throw ApiProblem.badRequest(at + ".value", "is required: a number, got " + value);
            points.add(
                    new MetricPoint(key.asString(), step.asLong(), value.asDouble(), timestamp(ts, at + ".timestamp")));
        }
        return points;
    }

    private static Instant timestamp(JsonNode ts, String field) {
        if (ts == null || ts.isNull()) return null;
        Instant t;
        if (ts.isIntegralNumber() && ts.canConvertToLong()) {
            t = Instant.ofEpochMilli(ts.asLong());
        } else if (ts.isString()) {
            try {
                t = Instant.parse(ts.asString());
            } catch (DateTimeParseException e) {
                throw ApiProblem.badRequest(
                        field, "must be an ISO-8601 instant such as 2025-01-31T12:00:00Z, got '" + ts.asString() + "'");
            }
        } else {
            throw ApiProblem.badRequest(field, "must be an ISO-8601 string or epoch milliseconds, got " + ts);
        }
        // Java's instants reach far past what a timestamptz (or its microseconds in a long) holds.
        if (t.isBefore(FIRST_TIMESTAMP) || t.isAfter(LAST_TIMESTAMP)) {
            throw ApiProblem.badRequest(
                    field, "must be between " + FIRST_TIMESTAMP + " and " + LAST_TIMESTAMP + ", got " + ts);
        }
        return t;
    }
}
