package dev.descent.platform.runs;

import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A run as the API shows it: what was asked (config), where it stands (status and why, attempt, worker, timestamps,
 * error) and the latest value of each metric.
 *
 * @param statusReason why it is in its status ({@link RunReason}), or null while it is simply queued or running
 * @param statusMessage the reason in words ("stopped early by ASHA at epoch 3"), or null
 */
public record RunView(
        long id,
        long experimentId,
        Long datasetId,
        Long modelId,
        String name,
        RunStatus status,
        int priority,
        String engine,
        String device,
        JsonNode config,
        int attempt,
        int maxAttempts,
        String workerId,
        boolean cancelRequested,
        String error,
        RunReason statusReason,
        String statusMessage,
        JsonNode result,
        Instant createdAt,
        Instant queuedAt,
        Instant startedAt,
        Instant finishedAt,
        Map<String, Latest> latest) {

    public record Latest(long step, double value, Instant timestamp) {}

    /** The run's status as its stream's first event shows it. */
    public RunStatusEvent statusEvent() {
        return new RunStatusEvent(status, attempt, workerId, error, cancelRequested, statusReason, statusMessage);
    }
}
