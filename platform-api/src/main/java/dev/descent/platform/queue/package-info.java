/**
 * The queue as workers use it: claiming with {@code FOR UPDATE SKIP LOCKED}, leases kept by heartbeats, ending or
 * requeueing a run and reaping expired leases ({@link dev.descent.platform.queue.JobQueue}, each call one transition of
 * {@code runs.RunStore}), and the latest checkpoint of each run that a resumed run starts from (the {@code checkpoints}
 * table). It may import {@code runs} and training-core's {@code Checkpoint}.
 */
package dev.descent.platform.queue;
