package dev.descent.platform.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param flushInterval how long a worker collects points before writing them as one batch
 * @param maxBatch a batch is written early when it reaches this many points
 * @param maxBuffered points a worker keeps while the database is unreachable; the oldest go first
 * @param analyzeAfter after this many new points a process runs ANALYZE on the metric tables itself, so the planner's
 *     statistics stay fresh where autovacuum is off or behind (a downsampled read over a million points took 680 ms
 *     with stale statistics, 6 ms after)
 */
@ConfigurationProperties("descent.metrics")
public record MetricsProperties(
        @DefaultValue("250ms") Duration flushInterval,
        @DefaultValue("20000") int maxBatch,
        @DefaultValue("1000000") int maxBuffered,
        @DefaultValue("500000") long analyzeAfter) {
    public MetricsProperties {
        if (flushInterval.isNegative() || flushInterval.isZero())
            throw new IllegalArgumentException("descent.metrics.flush-interval must be > 0, got " + flushInterval);
        if (maxBatch <= 0) throw new IllegalArgumentException("descent.metrics.max-batch must be > 0, got " + maxBatch);
        if (maxBuffered < maxBatch)
            throw new IllegalArgumentException("descent.metrics.max-buffered must be >= max-batch, got " + maxBuffered);
    }
}
