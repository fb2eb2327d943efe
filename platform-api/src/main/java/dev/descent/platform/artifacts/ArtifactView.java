package dev.descent.platform.artifacts;

import java.time.Instant;

/** An artifact as the API lists it; its bytes are at {@code /api/runs/{runId}/artifacts/{name}}, ETag its SHA-256. */
public record ArtifactView(
        String name, ArtifactKind kind, long size, String sha256, Integer epoch, Long step, Instant createdAt) {}
