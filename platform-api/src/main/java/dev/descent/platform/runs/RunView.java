package dev.descent.platform.runs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A run as the API shows it: what was asked (config), where it stands (status and why, attempt, worker, timestamps,
 * error), the latest value of each metric and its results: per key the last, best and final values, how long it ran,
 * where, in how many attempts, and the tags and note its owner gave it.
 *
 * @param device the device its latest attempt ran on, or the one it asked for (auto, cpu, cuda) before it first ran
 * @param metrics per key: last and best values with their steps, and the final value once the run has ended
 * @param durationSeconds from its first start to its end (to now while it runs); null before it starts
 * @param worker the worker of its latest attempt, or null before it first ran
 * @param attempts how many times a worker claimed it
 * @param tags {@code key=value} tags and plain labels
 * @param statusReason why it is in its status ({@link RunReason}), or null while it is simply queued or running
 * @param statusMessage the reason in words ("stopped early by ASHA at epoch 3"), or null
 * @param sweepId the sweep that made it, or null
 */
@Schema(name = "RunView", description = "A run: what was asked, where it stands and its latest metrics.")
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
        Map<String, Latest> latest,
        Map<String, Result> metrics,
        Double durationSeconds,
        String worker,
        int attempts,
        List<String> tags,
        String note,
        Long sweepId) {

    @Schema(name = "LatestMetric", description = "A metric's latest point.")
    public record Latest(long step, double value, Instant timestamp) {}

    /**
     * One key's results. best is the lowest finite value for keys whose last segment names a loss or an error, else the
     * highest (null while it has no finite value); final is the last value once the run has ended, else null.
     */
    public record Result(
            double last,
            long lastStep,
            Double best,
            Long bestStep,
            @JsonProperty("final") Double finalValue) {}

    /** What the metrics feature keeps per run and key for listings: the newest point and the best value. */
    public record Summary(Latest latest, Double best, Long bestStep) {}

    /** The run's status as its stream's first event shows it. */
    public RunStatusEvent statusEvent() {
        return new RunStatusEvent(status, attempt, workerId, error, cancelRequested, statusReason, statusMessage);
    }
}
