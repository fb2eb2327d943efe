package dev.descent.client;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The values the API answers with, as far as a script needs them; fields the platform adds later are ignored. */
public final class Types {
    private Types() {}

    /** A named group of runs. */
    public record Experiment(long id, String name, String description, Instant createdAt) {}

    /**
     * A run: {@code config} is its train config (or an external run's hyperparameters), {@code statusMessage} says why
     * it is in its status.
     */
    public record Run(
            long id,
            long experimentId,
            Long datasetId,
            Long modelId,
            String name,
            RunStatus status,
            String engine,
            String device,
            JsonNode config,
            int attempt,
            String workerId,
            String statusReason,
            String statusMessage,
            String error,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt) {}

    /** One page of a listing. */
    public record Page<T>(List<T> content, int page, int size, long totalElements, int totalPages) {}

    /** A point to log: {@code (key, step)} is written once, so a batch sent again adds nothing. */
    public record MetricPoint(String key, long step, double value, Instant timestamp) {
        public static MetricPoint of(String key, long step, double value) {
            return new MetricPoint(key, step, value, Instant.now());
        }
    }

    /** One key's series: raw points, or min/max/last buckets when downsampled to {@code maxPoints}. */
    public record Series(
            String key,
            boolean downsampled,
            long fromStep,
            long toStep,
            long bucketWidth,
            List<Point> points,
            List<Bucket> buckets) {}

    public record Point(long step, double value, Instant timestamp) {}

    public record Bucket(long fromStep, long toStep, double min, double max, double last, long lastStep) {}
}
