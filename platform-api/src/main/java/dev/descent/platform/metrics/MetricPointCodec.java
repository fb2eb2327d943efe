package dev.descent.platform.metrics;

import dev.descent.platform.web.ApiProblem;
import dev.descent.platform.web.JsonFields;
import dev.descent.spec.MetricPoint;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of a metric point, {@code {"key", "step", "value", "timestamp"}}, as clients post it, as the NOTIFY channel
 * carries it and as a run's SSE stream sends it. Reading refuses a bad point with a 400 naming it ({@code [3].step}).
 */
public final class MetricPointCodec {
    static final List<String> FIELDS = JsonFields.fieldsOf(MetricPointSchema.class);
    static final int MAX_POINTS_PER_BATCH = 100_000;
    static final int MAX_KEY_LENGTH = 200;
    /** Far past any training's step count, and small enough that a series' span and bucket edges fit a long. */
    static final long MAX_STEP = 1_000_000_000_000_000L;

    static final Instant FIRST_TIMESTAMP = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LAST_TIMESTAMP = Instant.parse("9999-12-31T23:59:59.999999Z");

    private MetricPointCodec() {}

    /** A point with its timestamp as an ISO-8601 instant; a point without one must have been given one before. */
    public static ObjectNode toJson(MetricPoint p) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("key", p.key());
        o.put("step", p.step());
        o.put("value", p.value());
        o.put("timestamp", p.timestamp().toString());
        return o;
    }

    public static ArrayNode toJson(List<MetricPoint> points) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (MetricPoint p : points) a.add(toJson(p));
        return a;
    }

    /**
     * A batch as a client posts it: an array of points whose {@code timestamp}, when given, is an ISO-8601 string or
     * epoch milliseconds (null points are stamped when written).
     */
    public static List<MetricPoint> readBatch(JsonNode body) {
        if (body == null || !body.isArray())
            throw ApiProblem.badRequest(
                    "$", "must be a JSON array of points [{\"key\", \"step\", \"value\", \"timestamp\"}]");
        if (body.size() > MAX_POINTS_PER_BATCH) {
            throw ApiProblem.tooLarge(
                    "$", "a batch holds at most " + MAX_POINTS_PER_BATCH + " points, got " + body.size());
        }
        List<MetricPoint> points = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) points.add(read(body.get(i), "[" + i + "]"));
        return points;
    }

    private static MetricPoint read(JsonNode p, String at) {
        if (!p.isObject())
            throw ApiProblem.badRequest(
                    at, "must be an object {\"key\", \"step\", \"value\", \"timestamp\"}, got " + p);
        for (String name : p.propertyNames()) {
            if (!FIELDS.contains(name))
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
            throw ApiProblem.badRequest(at + ".step", "must be between 0 and " + MAX_STEP + ", got " + step.asLong());
        }
        if (value == null || !value.isNumber())
            throw ApiProblem.badRequest(at + ".value", "is required: a number, got " + value);
        return new MetricPoint(key.asString(), step.asLong(), value.asDouble(), timestamp(ts, at + ".timestamp"));
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
