package dev.descent.platform.runs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param heartbeat how often a worker renews its lease (and reports that it is alive)
 * @param lease how long a claimed run stays a worker's without a heartbeat; after that it is requeued
 * @param maxAttempts how many times a run is started before a lost worker fails it
 * @param maxEpochs the most epochs a run may ask for (a run of 2^31 epochs would hold a worker for good)
 */
@ConfigurationProperties("descent.queue")
public record QueueProperties(
        @DefaultValue("5s") Duration heartbeat,
        @DefaultValue("20s") Duration lease,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("10000") int maxEpochs) {
    public QueueProperties {
        if (heartbeat.toMillis() <= 0)
            throw new IllegalArgumentException("descent.queue.heartbeat must be > 0, got " + heartbeat);
        if (lease.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException(
                    "descent.queue.lease must be at least twice the heartbeat (" + heartbeat + "), got " + lease);
        }
        if (maxAttempts < 1)
            throw new IllegalArgumentException("descent.queue.max-attempts must be >= 1, got " + maxAttempts);
    }
}
