package dev.descent.platform.runs;

import dev.descent.platform.web.ApiProblem;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a run stands. QUEUED runs are the queue; a RUNNING run is held by one worker under a lease; the other three are
 * final. The names are the API's values and the database's (migration V3 checks them).
 *
 * <pre>
 * QUEUED  -> RUNNING                        a worker claims it
 * QUEUED  -> CANCELLED                      a user cancels it before it starts
 * RUNNING -> SUCCEEDED | FAILED | CANCELLED its worker ends it (or the reaper, when its attempts are used up)
 * RUNNING -> QUEUED                         its worker lost its lease or shut down: it resumes from its checkpoint
 * </pre>
 *
 * {@link RunReason} says why a run took its last transition.
 */
public enum RunStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    /** Nothing follows a final status: its run is over, and its stream ends. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** The statuses a run in this one may move to. */
    public Set<RunStatus> successors() {
        return switch (this) {
            case QUEUED -> EnumSet.of(RUNNING, CANCELLED);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLED, QUEUED);
            case SUCCEEDED, FAILED, CANCELLED -> EnumSet.noneOf(RunStatus.class);
        };
    }

    public boolean canMoveTo(RunStatus next) {
        return successors().contains(next);
    }

    /** QUEUED and RUNNING: the runs that still need their dataset, model and a worker. */
    public static List<RunStatus> active() {
        return Arrays.stream(values()).filter(s -> !s.isFinal()).toList();
    }

    /** An API value, refused with a 400 naming {@code field} when it is not a status. */
    public static RunStatus parse(String value, String field) {
        for (RunStatus s : values()) if (s.name().equals(value)) return s;
        throw ApiProblem.badRequest(
                field,
                "unknown status '" + value + "'; expected one of "
                        + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
