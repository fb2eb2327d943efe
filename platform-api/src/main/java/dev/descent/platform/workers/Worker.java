package dev.descent.platform.workers;

import dev.descent.platform.artifacts.ArtifactKind;
import dev.descent.platform.artifacts.ArtifactStore;
import dev.descent.platform.metrics.MetricBuffer;
import dev.descent.platform.metrics.MetricBuffers;
import dev.descent.platform.queue.CheckpointStore;
import dev.descent.platform.queue.JobQueue;
import dev.descent.platform.runs.ClaimedRun;
import dev.descent.platform.runs.EpochJudge;
import dev.descent.platform.runs.RunOutcome;
import dev.descent.platform.runs.RunReason;
import dev.descent.platform.runs.RunStatus;
import dev.descent.spec.CancellationToken;
import dev.descent.spec.CancellationToken.Cause;
import dev.descent.spec.Checkpoint;
import dev.descent.spec.ConfigException;
import dev.descent.spec.MetricPoint;
import dev.descent.spec.TrainResult;
import dev.descent.spec.TrainingListener;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Claims runs and trains them, one at a time, on its own thread. It sleeps until a NOTIFY says a run was queued (or a
 * heartbeat's worth of time passes, in case one was missed), and while training it renews its lease, stops within one
 * batch when the run is cancelled, and writes metrics in batches and every checkpoint to PostgreSQL. Stopping it
 * checkpoints the run and gives it back to the queue.
 */
public final class Worker {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final String id;
    private final Devices devices;
    private final JobQueue queue;
    private final WorkerRegistry registry;
    private final CheckpointStore checkpoints;
    private final ArtifactStore artifacts;
    private final MetricBuffers metrics;
    private final RunTrainer trainer;
    private final List<EpochJudge> judges;
    private final TransactionTemplate tx;
    private final JsonMapper json;
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
            ArtifactStore artifacts,
            MetricBuffers metrics,
            RunTrainer trainer,
            List<EpochJudge> judges,
            TransactionTemplate tx,
            JsonMapper json) {
        this.id = id;
        this.judges = List.copyOf(judges);
        this.devices = devices;
        this.queue = queue;
        this.registry = registry;
        this.checkpoints = checkpoints;
        this.artifacts = artifacts;
        this.metrics = metrics;
        this.trainer = trainer;
        this.tx = tx;
        this.json = json;
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
        if (c != null && c.run().id() == runId) c.token().cancel(Cause.USER);
    }

    /** Renews the lease on the current run and learns whether it was cancelled or taken away. */
    void heartbeat() {
        if (dead) return;
        Current c = current;
        try {
            registry.heartbeat(id, stopping ? WorkerState.STOPPING : c == null ? WorkerState.IDLE : WorkerState.BUSY);
            if (c == null) return;
            switch (queue.heartbeat(c.run().id(), id)) {
                case HELD -> {}
                case CANCEL_REQUESTED -> c.token().cancel(Cause.USER);
                case LOST -> c.token().cancel(Cause.LEASE_LOST);
            }
        } catch (RuntimeException e) {
            log.warn("worker {} could not heartbeat: {}", id, e.getMessage());
        }
    }

    /** Checkpoints and requeues the current run, then ends the loop; waits up to {@code timeoutMs}. */
    void stop(long timeoutMs) {
        stopping = true;
        Current c = current;
        if (c != null) c.token().cancel(Cause.SHUTDOWN);
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
        if (c != null) c.token().cancel(Cause.SHUTDOWN, "the worker was killed");
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
                // The worker's row says BUSY with the run exactly when the run says RUNNING on this worker.
                claimed = tx.execute(s -> {
                    Optional<ClaimedRun> run = queue.claim(id, devices.hasGpu());
                    run.ifPresent(r -> registry.busy(id, r.id()));
                    return run;
                });
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

    /** Stops the run when its wall-clock budget is spent; interrupted when the run ends first. */
    private static void timeOut(ClaimedRun run, CancellationToken token) {
        try {
            Thread.sleep(
                    Math.max(0, Duration.between(Instant.now(), run.deadline()).toMillis()));
            token.cancel(Cause.TIMED_OUT, "ran past its timeoutMinutes (wall-clock budget)");
        } catch (InterruptedException ended) {
            // the run ended within its budget
        }
    }

    private void execute(ClaimedRun run) {
        CancellationToken token = new CancellationToken();
        current = new Current(run, token);
        // A stop that came while this run was being claimed found no current run to cancel.
        if (stopping) token.cancel(Cause.SHUTDOWN);
        Thread timer = run.deadline() == null ? null : Thread.ofVirtual().start(() -> timeOut(run, token));
        log.info("worker {} claimed run {} (attempt {} of {})", id, run.id(), run.attempt(), run.maxAttempts());
        TrainResult result = null;
        Throwable failure = null;
        MetricBuffer buffer = metrics.open(run.id());
        Reporter reporter = null;
        try {
            Checkpoint resume = checkpoints.latest(run.id()).orElse(null);
            if (resume != null)
                log.info(
                        "run {} resumes from its checkpoint at epoch {}, step {}",
                        run.id(),
                        resume.epoch(),
                        resume.step());
            reporter = new Reporter(run, buffer, token, resume);
            result = trainer.train(run, resume, reporter, token);
        } catch (RuntimeException | Error e) {
            if (!dead && !(e instanceof ConfigException)) log.warn("run {} failed on worker {}", run.id(), id, e);
            failure = e;
        } finally {
            if (timer != null) timer.interrupt();
            current = null;
            if (dead) buffer.abandon();
        }
        if (dead) return;
        try {
            buffer.close();
        } catch (RuntimeException e) {
            log.warn("run {}'s last metrics could not be written: {}", run.id(), e.getMessage());
        }
        Ending ending = ending(result, failure, token);
        try {
            switch (ending) {
                case Ending.LeaveIt() -> {
                    log.warn("worker {} lost its lease on run {}; leaving it to whoever holds it now", id, run.id());
                    registry.idle(id);
                }
                case Ending.GiveBack() ->
                    tx.executeWithoutResult(s -> queue.requeue(run.id(), id).ifPresent(now -> {
                        registry.released(id, run.id());
                        log.info("worker {} stopped run {} at shutdown; it is now {}", id, run.id(), now);
                    }));
                case Ending.Finish(RunOutcome outcome) -> {
                    String resultJson = result == null ? null : json.writeValueAsString(result);
                    byte[] model = outcome.status() == RunStatus.SUCCEEDED && reporter != null
                            ? finalModel(run, reporter.last)
                            : null;
                    tx.executeWithoutResult(s -> {
                        // The model commits with the run's end, so a SUCCEEDED run is never seen without it.
                        if (model != null)
                            artifacts.save(run.id(), ArtifactStore.MODEL_NAME, ArtifactKind.MODEL, null, null, model);
                        if (queue.finish(run.id(), id, outcome, resultJson)) registry.idle(id, run.id());
                        else s.setRollbackOnly();
                    });
                    log.info("run {} {} on worker {}: {}", run.id(), outcome.status(), id, outcome.message());
                }
            }
        } catch (RuntimeException e) {
            // Its lease will expire and another worker will take it over.
            log.warn("worker {} could not record the end of run {}: {}", id, run.id(), e.getMessage());
        }
    }

    /** What a worker does with its run once training has returned or thrown. */
    sealed interface Ending {
        /** Ends the run: SUCCEEDED, FAILED or CANCELLED, with why. */
        record Finish(RunOutcome outcome) implements Ending {}

        /** Gives the run back to the queue: this worker is shutting down and has checkpointed it. */
        record GiveBack() implements Ending {}

        /** Another worker holds the run now: touch nothing. */
        record LeaveIt() implements Ending {}
    }

    /**
     * The run's end from what training returned (or threw) and why it was stopped, if it was.
     *
     * @param result null when training threw {@code failure}
     */
    static Ending ending(TrainResult result, Throwable failure, CancellationToken token) {
        Cause cause = token.cause();
        if (cause == Cause.LEASE_LOST) return new Ending.LeaveIt();
        if (failure != null) return new Ending.Finish(RunOutcome.failed(RunReason.ERROR, message(failure)));
        return switch (result.status()) {
            case SUCCEEDED ->
                new Ending.Finish(RunOutcome.succeeded(
                        RunReason.COMPLETED,
                        "completed " + result.epochs() + (result.epochs() == 1 ? " epoch" : " epochs")));
            case EARLY_STOPPED -> new Ending.Finish(RunOutcome.succeeded(RunReason.NO_IMPROVEMENT, result.message()));
            case DIVERGED -> new Ending.Finish(RunOutcome.failed(RunReason.DIVERGED, result.message()));
            case CANCELLED ->
                switch (cause == null ? Cause.USER : cause) {
                    case SHUTDOWN -> new Ending.GiveBack();
                    case STOPPED_EARLY ->
                        new Ending.Finish(RunOutcome.cancelled(RunReason.STOPPED_EARLY, token.reason()));
                    case TIMED_OUT -> new Ending.Finish(RunOutcome.failed(RunReason.TIMED_OUT, token.reason()));
                    case USER, LEASE_LOST ->
                        new Ending.Finish(RunOutcome.cancelled(RunReason.CANCELLED_BY_USER, Cause.USER.description()));
                };
        };
    }

    /** The final weights from the run's last checkpoint; null (and a warning) when there is none to read. */
    private static byte[] finalModel(ClaimedRun run, Checkpoint last) {
        if (last == null) {
            log.warn("run {} succeeded without a checkpoint; it has no final model", run.id());
            return null;
        }
        try {
            return last.modelWeights();
        } catch (IllegalArgumentException e) {
            log.warn(
                    "run {}'s last checkpoint holds no readable weights, so it has no final model: {}",
                    run.id(),
                    e.getMessage());
            return null;
        }
    }

    private static String message(Throwable e) {
        // An Error's message alone ("jdk/incubator/vector/Vector") does not say what went wrong.
        return e instanceof Error || e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
    }

    /** Where the trainer's metrics and checkpoints go; silent once the worker is dead. */
    private final class Reporter implements TrainingListener {
        private final ClaimedRun run;
        private final MetricBuffer buffer;
        private final CancellationToken token;
        /** The latest checkpoint of this run, taken here or the one it resumed from. */
        private volatile Checkpoint last;

        private final Map<String, Double> latest = new HashMap<>();

        Reporter(ClaimedRun run, MetricBuffer buffer, CancellationToken token, Checkpoint resumedFrom) {
            this.run = run;
            this.buffer = buffer;
            this.token = token;
            this.last = resumedFrom;
        }

        @Override
        public void onMetrics(List<MetricPoint> points) {
            if (dead) throw new WorkerKilled();
            buffer.add(points);
            for (MetricPoint p : points) latest.put(p.key(), p.value());
        }

        @Override
        public void onEpochEnd(int epoch, long step) {
            if (dead) throw new WorkerKilled();
            for (EpochJudge judge : judges) {
                try {
                    Optional<String> stop = judge.afterEpoch(run.id(), epoch, step, Map.copyOf(latest));
                    if (stop.isPresent()) {
                        // Within one batch the trainer checkpoints and returns; the run ends CANCELLED, STOPPED_EARLY.
                        token.cancel(Cause.STOPPED_EARLY, stop.get());
                        return;
                    }
                } catch (RuntimeException e) {
                    // A judge that cannot decide lets the run go on: finishing it wastes time, stopping it loses it.
                    log.warn("run {}: no early-stopping verdict at epoch {}: {}", run.id(), epoch, e.getMessage());
                }
            }
        }

        @Override
        public void onCheckpoint(Checkpoint checkpoint) {
            if (dead) throw new WorkerKilled();
            try {
                // Every point up to the checkpoint is stored before it, so a resume leaves no gap.
                buffer.flush();
                if (!checkpoints.save(run.id(), id, run.attempt(), checkpoint)) {
                    token.cancel(Cause.LEASE_LOST);
                    return;
                }
                last = checkpoint;
                // Kept for good, beside the latest one the queue resumes from.
                artifacts.save(
                        run.id(),
                        ArtifactStore.checkpointName(checkpoint.epoch(), checkpoint.step()),
                        ArtifactKind.CHECKPOINT,
                        checkpoint.epoch(),
                        checkpoint.step(),
                        checkpoint.bytes());
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
