/**
 * Metrics: the one write path for points ({@link dev.descent.platform.metrics.MetricWriter}, array-parameter batches
 * that keep rollups and latest values current and NOTIFY the new points), a worker's
 * {@link dev.descent.platform.metrics.MetricBuffer}, downsampled reads (one run's, or many runs' on a shared grid for
 * comparisons), each key's latest and best value per run for listings, CSV export by COPY and the point's JSON
 * ({@link dev.descent.platform.metrics.MetricPointCodec}). It owns the {@code metrics}, {@code metric_rollups} and
 * {@code latest_metrics} tables; it may import {@code web}, {@code security} (who may log to a run), {@code notify},
 * {@code runs} (whose interfaces it implements) and training-core's {@code MetricPoint}.
 */
package dev.descent.platform.metrics;
