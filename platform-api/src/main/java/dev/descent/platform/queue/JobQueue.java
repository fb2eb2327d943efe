package dev.descent.platform.queue;

import dev.descent.platform.runs.ClaimedRun;
import dev.descent.platform.runs.QueueProperties;
import dev.descent.platform.runs.RunOutcome;
import dev.descent.platform.runs.RunStatus;
import dev.descent.platform.runs.RunStore;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The queue as a worker uses it: claim a run, keep its lease with heartbeats, then end it or give it back. The queue is
 * the runs table itself (QUEUED rows are the queue, RUNNING rows hold a lease), so each call is one transition of
 * {@link RunStore}; a run whose worker stops heart-beating is requeued by whichever process reaps it first and resumes
 * from its last {@link CheckpointStore checkpoint}.
 */
@Service
public class JobQueue {
    private final RunStore runs;
    private final QueueProperties properties;

    JobQueue(RunStore runs, QueueProperties properties) {
        this.runs = runs;
        this.properties = properties;
    }

    public QueueProperties properties() {
        return properties;
    }

    /** Highest priority first, then oldest; runs that ask for cuda only where the worker has a GPU. */
    public Optional<ClaimedRun> claim(String workerId, boolean hasGpu) {
        return runs.claim(workerId, hasGpu);
    }

    /** Extends the lease; tells the worker whether it still holds the run and whether a user cancelled it. */
    public RunStore.Lease heartbeat(long runId, String workerId) {
        return runs.extendLease(runId, workerId);
    }

    /** Ends a run the worker still holds; false when it no longer did. */
    public boolean finish(long runId, String workerId, RunOutcome outcome, String resultJson) {
        return runs.finish(runId, workerId, outcome, resultJson);
    }

    /**
     * Gives a run back without counting an attempt: its worker is shutting down and has checkpointed it. A run a user
     * asked to cancel meanwhile ends CANCELLED instead.
     *
     * @return the run's new status (QUEUED or CANCELLED), or empty when the worker no longer held it
     */
    public Optional<RunStatus> requeue(long runId, String workerId) {
        return runs.requeue(runId, workerId);
    }

    /** A run whose lease had expired, as it is now. */
    public record Expired(long runId, RunStatus status, int attempt) {}

    /**
     * Requeues runs whose worker stopped heart-beating, with the attempt counted; fails those that used up their
     * attempts, and ends as CANCELLED those a user had asked to cancel. Any process may call this at any time.
     */
    public List<Expired> reapExpiredLeases() {
        return runs.requeueExpired().stream()
                .map(c -> new Expired(c.runId(), c.event().status(), c.event().attempt()))
                .toList();
    }
}
