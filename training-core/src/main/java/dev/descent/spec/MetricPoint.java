package dev.descent.spec;

import java.time.Instant;

/**
 * One metric value: {@code key} is slash-separated ({@code train/loss}, {@code val/accuracy}, {@code lr},
 * {@code grad_norm}, {@code throughput/samples_per_s}, {@code sys/heap_mb}...), {@code step} the global optimizer step
 * (or the epoch for per-epoch metrics). A (run, key, step) is written once.
 */
public record MetricPoint(String key, long step, double value, Instant timestamp) {
    public MetricPoint {
        if (key == null || key.isBlank()) throw new IllegalArgumentException("metric key must not be blank");
        if (step < 0) throw new IllegalArgumentException("metric step must be >= 0, got " + step);
    }
}
