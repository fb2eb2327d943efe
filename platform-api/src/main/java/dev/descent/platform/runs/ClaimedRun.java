package dev.descent.platform.runs;

import java.time.Instant;

/**
 * A run a worker holds the lease on: what it needs to start training it. {@code deadline} is when its wall-clock budget
 * ({@code timeoutMinutes}) runs out, or null when it has none; {@code leaseToken} is the worker's credential for this
 * run alone (a worker that talks to the platform over HTTP logs its metrics with it).
 */
public record ClaimedRun(
        long id,
        int attempt,
        int maxAttempts,
        String engine,
        String device,
        String config,
        long modelId,
        Long datasetId,
        Instant deadline,
        String leaseToken) {}
