package dev.descent.platform.notify;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends a NOTIFY in the caller's transaction: PostgreSQL delivers it on commit and drops it on rollback, so listeners
 * never hear of a change that did not happen.
 */
@Component
public class Notifier {
    /** PostgreSQL refuses payloads of 8000 bytes or more (UTF-8). */
    public static final int MAX_PAYLOAD = 7_900;

    private final JdbcTemplate jdbc;

    Notifier(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void send(Channel channel, String payload) {
        jdbc.queryForObject("select pg_notify(?, ?)", Object.class, channel.sqlName(), payload);
    }
}
