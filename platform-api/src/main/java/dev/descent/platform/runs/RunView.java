package dev.descent.platform.runs;

import io.swagger.v3.oas.annotations.media.Schema;
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
@Schema(name = "RunView", description = "A run: what was asked, where it stands and its latest metrics.")
public record RunView(
        long id,
        long experimentId,
        Long datasetId,
        long modelId,
        String name,
        RunStatus status,
        int priority,
        String engine,
        String device,

        @Schema(
                type = "object",
                description = "The train config as stored: RunRequest's optimizer, schedule, batchSize,"
                        + " epochs, seed, valSplit, engine, device, earlyStoppingPatience and clipGradNorm,"
                        + " defaults filled in.")
        JsonNode config,

        int attempt,
        int maxAttempts,
        String workerId,
        boolean cancelRequested,
        String error,
        RunReason statusReason,
        String statusMessage,

        @Schema(
                type = "object",
                nullable = true,
                description =
                        "A finished run's outcome (final metrics, epochs run, epochSeconds...); null" + " before.")
        JsonNode result,

        Instant createdAt,
        Instant queuedAt,
        Instant startedAt,
        Instant finishedAt,
        Map<String, Latest> latest) {

    @Schema(name = "LatestMetric", description = "A metric's latest point.")
    public record Latest(long step, double value, Instant timestamp) {}

    /** The run's status as its stream's first event shows it. */
    public RunStatusEvent statusEvent() {
        return new RunStatusEvent(status, attempt, workerId, error, cancelRequested, statusReason, statusMessage);
    }
}
