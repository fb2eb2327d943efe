package dev.descent.spec;

/** Asks a running training to stop; the trainer checks it every batch. */
public final class CancellationToken {
    private volatile String reason;

    public void cancel(String reason) {
        this.reason = reason == null ? "cancelled" : reason;
    }

    public boolean isCancelled() {
        return reason != null;
    }

    /** Why it was cancelled, or null. */
    public String reason() {
        return reason;
    }
}
