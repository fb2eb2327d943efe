package dev.descent.platform.workers;

import dev.descent.platform.metrics.MetricBuffer;
import dev.descent.platform.metrics.MetricBuffers;
import dev.descent.platform.queue.CheckpointStore;
import dev.descent.platform.queue.ClaimedRun;
import dev.descent.platform.queue.JobQueue;
import dev.descent.spec.CancellationToken;
import dev.descent.spec.Checkpoint;
import dev.descent.spec.ConfigException;
import dev.descent.spec.MetricPoint;
import dev.descent.spec.TrainResult;
import dev.descent.spec.TrainingListener;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Claims runs and trains them, one at a time, on its own thread. It sleeps until a NOTIFY says a run was queued (or a
 * heartbeat's worth of time passes, in case one was missed), and while training it renews its lease, stops within one
 * batch when the run is cancelled, and writes metrics in batches and every checkpoint to PostgreSQL. Stopping it
 * checkpoints the run and gives it back to the queue.
 */
public final class Worker {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SHUTDOWN = "the worker is shutting down";
    static final String LEASE_LOST = "the worker lost its lease on the run";
    static final String USER_CANCEL = "cancelled by a user";

    private final String id;
    private final Devices devices;
    private final JobQueue queue;
    private final WorkerRegistry registry;
    private final CheckpointStore checkpoints;
    private final MetricBuffers metrics;
    private final RunTrainer trainer;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean stopping;
    private volatile boolean dead;
    private volatile Current current;
    private Thread thread;

    /** The run being trained and the token that stops it. */
    private record Current(ClaimedRun run, CancellationToken token) {}

    Worker(
            String id,
            Devices devices,
            JobQueue queue,
            WorkerRegistry registry,
            CheckpointStore checkpoints,
            MetricBuffers metrics,
            RunTrainer trainer) {
        this.id = id;
        this.devices = devices;
        this.queue = queue;
        this.registry = registry;
        this.checkpoints = checkpoints;
        this.metrics = metrics;
        this.trainer = trainer;
    }

    public String id() {
        return id;
    }

    void start(String host, long pid) {
        registry.register(id, host, pid, devices);
        thread = Thread.ofPlatform().name("worker-" + id).start(this::loop);
    }

    /** Something was queued: try to claim now rather than at the next poll. */
    void wake() {
        wake.release();
    }

    /** A user cancelled this run: stop it within one batch. */
    void cancel(long runId) {
        Current c = current;
        if (c != null && c.run().id() == runId) c.token().cancel(USER_CANCEL);
    }

    /** Renews the lease on the current run and learns whether it was cancelled or taken away. */
    void heartbeat() {
        if (dead) return;
        Current c = current;
        try {
            registry.heartbeat(id, stopping ? "STOPPING" : c == null ? "IDLE" : "BUSY");
            if (c == null) return;
            switch (queue.heartbeat(c.run().id(), id)) {
                case HELD -> {}
                case CANCEL_REQUESTED -> c.token().cancel(USER_CANCEL);
                case LOST -> c.token().cancel(LEASE_LOST);
            }
        } catch (RuntimeException e) {
            log.warn("worker {} could not heartbeat: {}", id, e.getMessage());
        }
    }

    /** Checkpoints and requeues the current run, then ends the loop; waits up to {@code timeoutMs}. */
    void stop(long timeoutMs) {
        stopping = true;
        Current c = current;
        if (c != null) c.token().cancel(SHUTDOWN);
        wake.release();
        join(timeoutMs);
        if (!dead) registry.offline(id);
    }

    /**
     * Stops this worker as a crash would: no checkpoint, no requeue, no more heartbeats or writes, so its run stays
     * RUNNING until its lease expires. For tests of recovery from lost workers.
     */
    public void kill() {
        dead = true;
        stopping = true;
        Current c = current;
        if (c != null) c.token().cancel("killed");
        wake.release();
        join(10_000);
    }

    private void join(long timeoutMs) {
        if (thread == null) return;
        try {
            thread.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        long pollMs = queue.properties().heartbeat().toMillis();
        while (!stopping) {
            Optional<ClaimedRun> claimed;
            try {
                claimed = queue.claim(id, devices.hasGpu());
            } catch (RuntimeException e) {
                log.warn("worker {} could not claim a run: {}", id, e.getMessage());
                claimed = Optional.empty();
            }
            if (claimed.isPresent()) {
                execute(claimed.get());
                continue;
            }
            try {
                if (wake.tryAcquire(pollMs, TimeUnit.MILLISECONDS)) wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void execute(ClaimedRun run) {
        CancellationToken token = new CancellationToken();
        current = new Current(run, token);
        // A stop that came while this run was being claimed found no current run to cancel.
        if (stopping) token.cancel(SHUTDOWN);
        log.info("worker {} claimed run {} (attempt {} of {})", id, run.id(), run.attempt(), run.maxAttempts());
        String status;
        String error = null;
        String result = null;
        MetricBuffer buffer = metrics.open(run.id());
        try {
            Checkpoint resume = checkpoints.latest(run.id()).orElse(null);
            if (resume != null)
                log.info(
                        "run {} resumes from its checkpoint at epoch {}, step {}",
                        run.id(),
                        resume.epoch(),
                        resume.step());
            TrainResult r = trainer.train(run, resume, new Reporter(run, buffer, token), token);
            result = JSON.writeValueAsString(r);
            switch (r.status()) {
                case SUCCEEDED, EARLY_STOPPED -> status = "SUCCEEDED";
                case DIVERGED -> {
                    status = "FAILED";
                    error = r.message();
                }
                case CANCELLED -> status = "CANCELLED";
                default -> throw new IllegalStateException("unknown training status " + r.status());
            }
        } catch (ConfigException e) {
            status = "FAILED";
            error = e.getMessage();
        } catch (RuntimeException | Error e) {
            if (!dead) log.warn("run {} failed on worker {}", run.id(), id, e);
            status = "FAILED";
            // An Error's message alone ("jdk/incubator/vector/Vector") does not say what went wrong.
            error = e instanceof Error || e.getMessage() == null ? e.toString() : e.getMessage();
        } finally {
            current = null;
            if (dead) buffer.abandon();
        }
        if (dead) return;
        try {
            buffer.close();
        } catch (RuntimeException e) {
            log.warn("run {}'s last metrics could not be written: {}", run.id(), e.getMessage());
        }
        String reason = token.reason();
        try {
            if (LEASE_LOST.equals(reason)) {
                log.warn("worker {} lost its lease on run {}; leaving it to whoever holds it now", id, run.id());
                registry.idle(id);
            } else if (SHUTDOWN.equals(reason) && !status.equals("FAILED")) {
                queue.requeue(run.id(), id)
                        .ifPresent(now ->
                                log.info("worker {} stopped run {} at shutdown; it is now {}", id, run.id(), now));
            } else {
                queue.finish(run.id(), id, status, error, result);
                log.info("run {} {} on worker {}{}", run.id(), status, id, error == null ? "" : ": " + error);
            }
        } catch (RuntimeException e) {
            // Its lease will expire and another worker will take it over.
            log.warn("worker {} could not record the end of run {}: {}", id, run.id(), e.getMessage());
        }
    }

    /** Where the trainer's metrics and checkpoints go; silent once the worker is dead. */
    private final class Reporter implements TrainingListener {
        private final ClaimedRun run;
        private final MetricBuffer buffer;
        private final CancellationToken token;

        Reporter(ClaimedRun run, MetricBuffer buffer, CancellationToken token) {
            this.run = run;
            this.buffer = buffer;
            this.token = token;
        }

        @Override
        public void onMetrics(List<MetricPoint> points) {
            if (dead) throw new WorkerKilled();
            buffer.add(points);
        }

        @Override
        public void onCheckpoint(Checkpoint checkpoint) {
            if (dead) throw new WorkerKilled();
            try {
                // Every point up to the checkpoint is stored before it, so a resume leaves no gap.
                buffer.flush();
                if (!checkpoints.save(run.id(), id, run.attempt(), checkpoint)) token.cancel(LEASE_LOST);
            } catch (RuntimeException e) {
                // Training goes on; a resume would start from the previous checkpoint.
                log.warn(
                        "run {}'s checkpoint at step {} could not be stored: {}",
                        run.id(),
                        checkpoint.step(),
                        e.getMessage());
            }
        }
    }

    /** Unwinds the training thread of a killed worker. */
    private static final class WorkerKilled extends RuntimeException {
        WorkerKilled() {
            super("the worker was killed", null, false, false);
        }
    }
}
