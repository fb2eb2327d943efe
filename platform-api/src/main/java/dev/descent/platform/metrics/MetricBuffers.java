package dev.descent.platform.metrics;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.stereotype.Component;

/** Opens a {@link MetricBuffer} per running run; their periodic flushes share two threads. */
@Component
public class MetricBuffers implements AutoCloseable {
    private final MetricWriter writer;
    private final MetricsProperties properties;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(
            2, Thread.ofPlatform().daemon().name("metric-flush-", 0).factory());

    MetricBuffers(MetricWriter writer, MetricsProperties properties) {
        this.writer = writer;
        this.properties = properties;
    }

    public MetricBuffer open(long runId) {
        return new MetricBuffer(runId, writer, properties, scheduler);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
