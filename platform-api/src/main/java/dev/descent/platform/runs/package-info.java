/**
 * Runs and their lifecycle. {@link dev.descent.platform.runs.RunStatus} and {@link dev.descent.platform.runs.RunReason}
 * name where a run stands and why; {@link dev.descent.platform.runs.RunStore} is the one place that writes the
 * {@code runs} table, one method per transition, each publishing a {@link dev.descent.platform.runs.RunStatusEvent};
 * {@link dev.descent.platform.runs.RunService} validates submissions and decides a user's cancel or delete, and creates
 * and finishes external runs (engine {@code external}: RUNNING from the start, never claimed, logged and ended by their
 * owner's own script); {@link dev.descent.platform.runs.RunQueries} reads runs for the API, with their metric results,
 * tags, note and attempts ({@code run_attempts}, written by {@code RunStore} at each claim and end), filtered and
 * sorted through the {@code runs.search} filter language. The runs table is also the job queue, so its settings
 * ({@link dev.descent.platform.runs.QueueProperties}) live here. It may import {@code web}, {@code security}
 * ({@code Ownership}), {@code notify}, {@code models}, {@code datasets} and training-core's contract; what it needs
 * from features that depend on it (latest metric values, deleting a run's metrics, whether an experiment exists) it
 * declares as interfaces they implement ({@code LatestMetrics}, {@code RunData}, {@code ExperimentLookup}).
 */
package dev.descent.platform.runs;
