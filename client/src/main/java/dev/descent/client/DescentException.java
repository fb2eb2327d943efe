package dev.descent.client;

/**
 * An answer other than success, with what the platform's problem details said: the HTTP status, the field at fault (or
 * null) and the detail in words.
 */
public final class DescentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;

    public DescentException(int status, String field, String detail) {
        super("HTTP " + status + (field == null ? "" : " (" + field + ")") + ": " + detail);
        this.status = status;
        this.field = field;
    }

    public int status() {
        return status;
    }

    /** The request field the platform named, or null. */
    public String field() {
        return field;
    }
}
