package dev.descent.platform.runs;

/**
 * A run's status as its live stream and the NOTIFY channel carry it ({@link RunStatusCodec} writes and reads the JSON).
 * Every transition in {@link RunStore} publishes one, and a stream starts with one read from the table. A deleted run's
 * last event has no status (the wire says {@code "DELETED"}).
 *
 * @param status null only for {@link #deleted()}
 * @param attempt which attempt this is (1 for a run's first)
 * @param workerId the worker that holds it or last held it, or null
 * @param error a FAILED run's error, or null
 * @param cancelRequested whether a user asked a RUNNING run to stop
 * @param reason why it is in this status, or null (a run just queued or running)
 * @param message the reason in words, or null
 */
public record RunStatusEvent(
        RunStatus status,
        Integer attempt,
        String workerId,
        String error,
        Boolean cancelRequested,
        RunReason reason,
        String message) {

    public static RunStatusEvent deleted() {
        return new RunStatusEvent(null, null, null, null, null, null, null);
    }

    public boolean isDeleted() {
        return status == null;
    }

    /** Nothing follows it on a run's stream: the run ended or is gone. */
    public boolean endsStream() {
        return status == null || status.isFinal();
    }
}
