package dev.descent.platform.runs;

import java.time.Instant;

/**
 * One claim of a run by a worker, as {@code GET /api/runs/{id}/attempts} lists it: a run that went back to the queue
 * shows each worker it ran on and why it left it.
 *
 * @param number the claim's ordinal, from 1
 * @param attempt the run's attempt it counted as (a claim after a worker's shutdown does not use up an attempt)
 * @param device the device it ran on: the one the run asked for, or for {@code auto} cuda on a GPU worker, else cpu
 * @param endedAt null while it runs
 * @param reason how it ended ({@link RunReason}), null while it runs
 */
public record RunAttempt(
        int number,
        int attempt,
        String workerId,
        String device,
        Instant claimedAt,
        Instant endedAt,
        RunReason reason,
        String message) {}
