package dev.descent.platform.runs;

import static dev.descent.platform.runs.RunStatus.CANCELLED;
import static dev.descent.platform.runs.RunStatus.FAILED;
import static dev.descent.platform.runs.RunStatus.QUEUED;
import static dev.descent.platform.runs.RunStatus.SUCCEEDED;

import java.util.EnumSet;
import java.util.Set;

/**
 * Why a run is in its status: how it ended, or why it went back to the queue. Each reason goes with the statuses it can
 * explain; a run just queued or running has none. The names are the API's values and the database's (migration V5
 * checks them); the words for a particular run are its {@code statusMessage}.
 */
public enum RunReason {
    /** It trained every epoch it was asked for. */
    COMPLETED(SUCCEEDED),
    /** Its early stopping ended it: the monitored loss stopped improving for {@code earlyStoppingPatience} epochs. */
    NO_IMPROVEMENT(SUCCEEDED),
    /** A user cancelled it (or the sweep it belongs to). */
    CANCELLED_BY_USER(CANCELLED),
    /** A sweep's scheduler stopped it as not worth finishing ("stopped early by ASHA at epoch 3"). */
    STOPPED_EARLY(CANCELLED),
    /** It ran past the wall-clock time it was given. */
    TIMED_OUT(FAILED),
    /** Its loss became NaN or infinite. */
    DIVERGED(FAILED),
    /** Training threw: a config its engine refused, data that no longer loads, a bug. */
    ERROR(FAILED),
    /**
     * Its worker stopped heart-beating: requeued to resume on another worker, or FAILED once its attempts are used up.
     */
    LEASE_LOST(QUEUED, FAILED),
    /** Its worker shut down cleanly and checkpointed it: requeued without counting an attempt. */
    WORKER_SHUTDOWN(QUEUED);

    @SuppressWarnings("ImmutableEnumChecker") // Set.copyOf makes it unmodifiable; the checker cannot see that
    private final Set<RunStatus> statuses;

    RunReason(RunStatus first, RunStatus... rest) {
        this.statuses = Set.copyOf(EnumSet.of(first, rest));
    }

    /** The statuses this reason can explain. */
    public Set<RunStatus> statuses() {
        return EnumSet.copyOf(statuses);
    }

    public boolean explains(RunStatus status) {
        return statuses.contains(status);
    }
}
