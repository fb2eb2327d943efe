package dev.descent.platform.runs;

import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run as the API shows it: what was asked (config), where it stands (status, attempt, worker, timestamps, error) and
 * the latest value of each metric.
 */
public record RunView(
        long id,
        long experimentId,
        Long datasetId,
        long modelId,
        String name,
        String status,
        int priority,
        String engine,
        String device,
        JsonNode config,
        int attempt,
        int maxAttempts,
        String workerId,
        boolean cancelRequested,
        String error,
        JsonNode result,
        Instant createdAt,
        Instant queuedAt,
        Instant startedAt,
        Instant finishedAt,
        Map<String, Latest> latest) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public record Latest(long step, double value, Instant timestamp) {}

    static RunView of(Run r, Map<String, Latest> latest) {
        return new RunView(
                r.getId(),
                r.getExperimentId(),
                r.getDatasetId(),
                r.getModelId(),
                r.getName(),
                r.getStatus(),
                r.getPriority(),
                r.getEngine(),
                r.getDevice(),
                JSON.readTree(r.getConfig()),
                r.getAttempt(),
                r.getMaxAttempts(),
                r.getWorkerId(),
                r.isCancelRequested(),
                r.getError(),
                r.getResult() == null ? null : JSON.readTree(r.getResult()),
                r.getCreatedAt(),
                r.getQueuedAt(),
                r.getStartedAt(),
                r.getFinishedAt(),
                latest);
    }
}
