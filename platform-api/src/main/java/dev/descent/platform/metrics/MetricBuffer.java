package dev.descent.platform.metrics;

import dev.descent.spec.MetricPoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects a running run's metric points from the training thread and writes them in batches, one batch per flush
 * interval (or sooner when a batch fills up), so that training never waits on the database and the database sees a few
 * large writes instead of many small ones. Points that fail to write stay buffered and go with the next batch: writes
 * are idempotent, so a retry is harmless.
 */
public final class MetricBuffer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricBuffer.class);

    private final long runId;
    private final MetricWriter writer;
    private final MetricsProperties properties;
    private final ArrayDeque<MetricPoint> pending = new ArrayDeque<>();
    private final Object writeLock = new Object();
    private final ScheduledFuture<?> schedule;
    private final ScheduledExecutorService scheduler;
    private long dropped;

    MetricBuffer(long runId, MetricWriter writer, MetricsProperties properties, ScheduledExecutorService scheduler) {
        this.runId = runId;
        this.writer = writer;
        this.properties = properties;
        this.scheduler = scheduler;
        long ms = properties.flushInterval().toMillis();
        this.schedule = scheduler.scheduleWithFixedDelay(this::flushQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    public void add(List<MetricPoint> points) {
        boolean full;
        synchronized (pending) {
            pending.addAll(points);
            while (pending.size() > properties.maxBuffered()) {
                pending.removeFirst();
                dropped++;
            }
            full = pending.size() >= properties.maxBatch();
        }
        if (full) scheduler.execute(this::flushQuietly);
    }

    /** Writes everything buffered so far; throws if the database refuses (the points stay buffered). */
    public void flush() {
        synchronized (writeLock) {
            while (true) {
                List<MetricPoint> batch = new ArrayList<>();
                synchronized (pending) {
                    while (!pending.isEmpty() && batch.size() < properties.maxBatch()) batch.add(pending.removeFirst());
                }
                if (batch.isEmpty()) return;
                try {
                    writer.write(runId, batch);
                } catch (RuntimeException e) {
                    synchronized (pending) {
                        for (int i = batch.size() - 1; i >= 0; i--) pending.addFirst(batch.get(i));
                        while (pending.size() > properties.maxBuffered()) {
                            pending.removeFirst();
                            dropped++;
                        }
                    }
                    throw e;
                }
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("could not write run {}'s metrics yet ({}); they stay buffered", runId, e.getMessage());
        }
    }

    /** Stops the periodic flush and drops what is left, as a crashed worker would. */
    public void abandon() {
        schedule.cancel(false);
        synchronized (pending) {
            pending.clear();
        }
    }

    /** Stops the periodic flush and writes what is left; calling it again writes nothing new. */
    @Override
    public void close() {
        schedule.cancel(false);
        flush();
        if (dropped > 0) log.warn("run {} lost {} metric points while the database was unreachable", runId, dropped);
    }
}
