package dev.descent.platform.web;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads fields of a JSON request body by hand, so that every wrong type or missing value is refused with the field's
 * own name (a data-bound record would report Jackson's wording instead).
 */
public record JsonFields(JsonNode node) {

    public static JsonFields of(JsonNode body) {
        if (body == null || !body.isObject())
            throw ApiProblem.badRequest("$", "the request body must be a JSON object");
        return new JsonFields(body);
    }

    public boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    public long requiredLong(String name) {
        if (!has(name)) throw ApiProblem.badRequest(name, "is required");
        return longValue(name);
    }

    public int optionalInt(String name, int fallback, int min, int max) {
        if (!has(name)) return fallback;
        long v = longValue(name);
        if (v < min || v > max)
            throw ApiProblem.badRequest(name, "must be between " + min + " and " + max + ", got " + v);
        return (int) v;
    }

    public String requiredString(String name) {
        if (!has(name)) throw ApiProblem.badRequest(name, "is required");
        return string(name);
    }

    public String optionalString(String name, String fallback) {
        return has(name) ? string(name) : fallback;
    }

    /**
     * Refuses fields that {@code schema}, the record the OpenAPI document shows for this body, does not declare: the
     * document and the check read one list, so they cannot drift apart.
     */
    public void allowOnly(Class<? extends Record> schema) {
        allowOnly(fieldsOf(schema));
    }

    /** The JSON field names of a request schema record, in declaration order. */
    public static List<String> fieldsOf(Class<? extends Record> schema) {
        return Arrays.stream(schema.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
    }

    /** Refuses fields the endpoint does not know, so that a typo ({@code "epoch"}) is not silently ignored. */
    public void allowOnly(Collection<String> known) {
        Set<String> allowed = Set.copyOf(known);
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name))
                throw ApiProblem.badRequest(name, "is not a known field; known fields: " + String.join(", ", known));
        }
    }

    private long longValue(String name) {
        JsonNode v = node.get(name);
        if (!v.isIntegralNumber() || !v.canConvertToLong())
            throw ApiProblem.badRequest(name, "must be an integer, got " + v);
        return v.asLong();
    }

    private String string(String name) {
        JsonNode v = node.get(name);
        if (!v.isString()) throw ApiProblem.badRequest(name, "must be a string, got " + v);
        String s = v.asString();
        if (s.isBlank()) throw ApiProblem.badRequest(name, "must not be blank");
        return s;
    }
}
