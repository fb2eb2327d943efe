package dev.descent.platform.live;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Sends a NOTIFY in the caller's transaction: PostgreSQL delivers it on commit and drops it on rollback, so listeners
 * never hear of a change that did not happen.
 */
public final class Notify {
    /** PostgreSQL refuses payloads of 8000 bytes or more (UTF-8). */
    public static final int MAX_PAYLOAD = 7_900;

    private Notify() {}

    public static void send(JdbcTemplate jdbc, String channel, String payload) {
        jdbc.queryForObject("select pg_notify(?, ?)", Object.class, channel, payload);
    }
}
