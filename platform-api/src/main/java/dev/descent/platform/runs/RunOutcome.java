package dev.descent.platform.runs;

/**
 * How a worker ends the run it holds: a final status, the reason for it, and the reason in words. A FAILED run's
 * message is also its {@code error}.
 */
public record RunOutcome(RunStatus status, RunReason reason, String message) {

    public RunOutcome {
        if (status == null || !status.isFinal()) throw new IllegalArgumentException("not a final status: " + status);
        if (reason == null || !reason.explains(status))
            throw new IllegalArgumentException(reason + " does not explain a " + status + " run");
        if (message == null || message.isBlank()) throw new IllegalArgumentException("a run's outcome needs a message");
    }

    public static RunOutcome succeeded(RunReason reason, String message) {
        return new RunOutcome(RunStatus.SUCCEEDED, reason, message);
    }

    public static RunOutcome failed(RunReason reason, String message) {
        return new RunOutcome(RunStatus.FAILED, reason, message);
    }

    public static RunOutcome cancelled(RunReason reason, String message) {
        return new RunOutcome(RunStatus.CANCELLED, reason, message);
    }
}
