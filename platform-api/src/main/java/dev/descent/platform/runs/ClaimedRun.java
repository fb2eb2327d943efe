package dev.descent.platform.runs;

/** A run a worker holds the lease on: what it needs to start training it. */
public record ClaimedRun(
        long id,
        int attempt,
        int maxAttempts,
        String engine,
        String device,
        String config,
        long modelId,
        Long datasetId) {}
