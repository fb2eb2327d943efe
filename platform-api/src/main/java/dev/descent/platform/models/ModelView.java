package dev.descent.platform.models;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A model config as the API shows it. {@code layers} and {@code outputShape} are inferred by building the spec;
 * {@code versions} lists the name's versions by id (only on a single model).
 */
public record ModelView(
        long id,
        String name,
        int version,
        JsonNode spec,
        long parameters,
        JsonNode outputShape,
        JsonNode layers,
        Instant createdAt,
        List<Version> versions) {

    public record Version(long id, int version) {}
}
