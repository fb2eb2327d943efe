package dev.descent.platform.live;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code descent.live.*}.
 *
 * @param idleTimeout a stream that has sent no event for this long ends; its client reconnects (EventSource does so by
 *     itself) and resumes with {@code Last-Event-ID}
 * @param maxStreamsPerClient how many streams one client address may hold open at once (429 beyond)
 * @param maxReplayPoints the most points a resuming stream replays from PostgreSQL before going live
 */
@ConfigurationProperties("descent.live")
public record LiveProperties(
        @DefaultValue("10m") Duration idleTimeout,
        @DefaultValue("32") int maxStreamsPerClient,
        @DefaultValue("200000") int maxReplayPoints) {
    public LiveProperties {
        if (idleTimeout.toMillis() <= 0)
            throw new IllegalArgumentException("descent.live.idle-timeout must be > 0, got " + idleTimeout);
        if (maxStreamsPerClient < 1)
            throw new IllegalArgumentException(
                    "descent.live.max-streams-per-client must be >= 1, got " + maxStreamsPerClient);
    }
}
