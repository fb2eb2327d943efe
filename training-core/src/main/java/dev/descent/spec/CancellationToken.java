package dev.descent.spec;

/**
 * Asks a running training to stop; the trainer checks it every batch, checkpoints and returns a CANCELLED result whose
 * message is {@code "cancelled: " + reason()}. The {@link Cause} tells whoever started the training what to do next
 * (end the run, give it back to a queue, leave it to another process), so it never has to parse the message.
 */
public final class CancellationToken {

    /** Why a training is stopped from outside. */
    public enum Cause {
        /** A person asked: the API's cancel, Ctrl-C on the command line. */
        USER("cancelled by a user"),
        /** A scheduler judged the run not worth finishing, as a sweep's ASHA does at a rung. */
        STOPPED_EARLY("stopped early"),
        /** The run used up the wall-clock time it was given. */
        TIMED_OUT("timed out"),
        /** The process training it is shutting down; the run can resume elsewhere from its checkpoint. */
        SHUTDOWN("the worker is shutting down"),
        /** Another process holds the run now (this one's lease on it expired). */
        LEASE_LOST("the worker lost its lease on the run");

        private final String description;

        Cause(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private record Request(Cause cause, String detail) {}

    private volatile Request request;

    /**
     * Stops the training for {@code cause}; a later call replaces the cause (the newest request is the one acted on).
     */
    public void cancel(Cause cause) {
        cancel(cause, null);
    }

    /**
     * @param detail what to say instead of the cause's own description ("stopped early by ASHA at epoch 3"), or null
     */
    public void cancel(Cause cause, String detail) {
        if (cause == null) throw new IllegalArgumentException("a cancellation needs a cause");
        request = new Request(cause, detail == null || detail.isBlank() ? null : detail);
    }

    public boolean isCancelled() {
        return request != null;
    }

    /** Why it was cancelled, or null while it was not. */
    public Cause cause() {
        Request r = request;
        return r == null ? null : r.cause();
    }

    /** Why it was cancelled, in words (the detail, else the cause's description), or null while it was not. */
    public String reason() {
        Request r = request;
        if (r == null) return null;
        return r.detail() != null ? r.detail() : r.cause().description();
    }
}
