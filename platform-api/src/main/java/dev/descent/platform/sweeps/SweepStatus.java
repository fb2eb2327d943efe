package dev.descent.platform.sweeps;

import dev.descent.platform.runs.RunStatus;
import java.util.Collection;

/**
 * Where a sweep stands, read from its runs: QUEUED until one starts, RUNNING while any is queued or running, then
 * SUCCEEDED when one of them succeeded (runs ASHA stopped early are CANCELLED, but the sweep did its job), FAILED when
 * none succeeded and one failed, CANCELLED otherwise, or as soon as a user cancelled the sweep.
 */
public enum SweepStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** The status of a sweep whose runs are in {@code runs}; {@code cancelled} when a user cancelled the sweep. */
    static SweepStatus of(Collection<RunStatus> runs, boolean cancelled) {
        if (cancelled) return CANCELLED;
        if (runs.isEmpty()) return CANCELLED;
        if (runs.stream().allMatch(s -> s == RunStatus.QUEUED)) return QUEUED;
        if (runs.stream().anyMatch(s -> !s.isFinal())) return RUNNING;
        if (runs.contains(RunStatus.SUCCEEDED)) return SUCCEEDED;
        if (runs.contains(RunStatus.FAILED)) return FAILED;
        return CANCELLED;
    }
}
