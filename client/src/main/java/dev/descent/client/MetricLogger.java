package dev.descent.client;

import dev.descent.client.Types.MetricPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Logs an external run's points in batches, as a training loop produces them: one HTTP call per {@code batchSize}
 * points rather than one per point. Not thread-safe; close it (or {@link #flush()}) before finishing the run.
 */
public final class MetricLogger implements AutoCloseable {
    private final DescentClient client;
    private final long runId;
    private final int batchSize;
    private final List<MetricPoint> pending = new ArrayList<>();

    MetricLogger(DescentClient client, long runId, int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        this.client = client;
        this.runId = runId;
        this.batchSize = batchSize;
    }

    public void log(String key, long step, double value) {
        pending.add(MetricPoint.of(key, step, value));
        if (pending.size() >= batchSize) flush();
    }

    /** Sends what is pending; a batch that failed stays pending, and sending it again is harmless. */
    public void flush() {
        if (pending.isEmpty()) return;
        client.logMetrics(runId, List.copyOf(pending));
        pending.clear();
    }

    @Override
    public void close() {
        flush();
    }
}
