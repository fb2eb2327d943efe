/**
 * Workers: the threads that claim runs and train them with a training-core engine, one run at a time each, reporting
 * metrics through a {@code metrics.MetricBuffer}, checkpoints through {@code queue.CheckpointStore} (the latest, to
 * resume from) and {@code artifacts.ArtifactStore} (every one, and the final model of a run that succeeded), and
 * stopping on a typed {@code CancellationToken.Cause}; the pool that starts, heart-beats and stops them; and the
 * {@code workers} table that lists them. It may import {@code queue}, {@code artifacts}, {@code runs}, {@code metrics},
 * {@code models}, {@code datasets}, {@code notify} and training-core's contract.
 */
package dev.descent.platform.workers;
