package dev.descent.platform.notify;

/** The platform's NOTIFY channels; every process LISTENs on all of them through one {@link PgListener}. */
public enum Channel {
    /** A run was queued (payload: its id): idle workers try to claim. */
    QUEUE("descent_queue"),
    /** A user cancelled a running run (payload: its id): its worker stops it within one batch. */
    CANCEL("descent_cancel"),
    /** A run's new metric points or status (payload: a {@link RunNotice}), fanned out to its SSE clients. */
    RUN_EVENTS("descent_run_events");

    private final String sqlName;

    Channel(String sqlName) {
        this.sqlName = sqlName;
    }

    /** The channel's name in PostgreSQL. */
    public String sqlName() {
        return sqlName;
    }

    static Channel bySqlName(String name) {
        for (Channel c : values()) if (c.sqlName.equals(name)) return c;
        throw new IllegalArgumentException("not a platform channel: " + name);
    }
}
