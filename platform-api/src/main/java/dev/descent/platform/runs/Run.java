package dev.descent.platform.runs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A training run as the API reads it. It is never written through this entity: every change to a run is a transition in
 * {@link RunStore}.
 */
@Entity
@Immutable
@Table(name = "runs")
public class Run {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "experiment_id", nullable = false)
    private long experimentId;

    @Column(name = "dataset_id")
    private Long datasetId;

    /** Null only for an external run, which may name no model (migration V15). */
    @Column(name = "model_id")
    private Long modelId;

    private String name;

    /** The train config as JSON ({@code TrainConfig.toJson}). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    private String config;

    @Column(nullable = false)
    private String engine;

    @Column(nullable = false)
    private String device;

    @Column(nullable = false)
    private int priority;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RunStatus status;

    @Enumerated(EnumType.STRING)
    @Column(name = "status_reason")
    private RunReason statusReason;

    @Column(name = "status_message")
    private String statusMessage;

    @Column(nullable = false)
    private int attempt;

    @Column(name = "max_attempts", nullable = false)
    private int maxAttempts;

    @Column(name = "worker_id")
    private String workerId;

    @Column(name = "lease_expires_at")
    private Instant leaseExpiresAt;

    @Column(name = "cancel_requested", nullable = false)
    private boolean cancelRequested;

    private String error;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private String result;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "queued_at", nullable = false)
    private Instant queuedAt;

    @Column(name = "claimed_at")
    private Instant claimedAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    protected Run() {}

    public Long getId() {
        return id;
    }

    public long getExperimentId() {
        return experimentId;
    }

    public Long getDatasetId() {
        return datasetId;
    }

    public Long getModelId() {
        return modelId;
    }

    public String getName() {
        return name;
    }

    public String getConfig() {
        return config;
    }

    public String getEngine() {
        return engine;
    }

    public String getDevice() {
        return device;
    }

    public int getPriority() {
        return priority;
    }

    public RunStatus getStatus() {
        return status;
    }

    public RunReason getStatusReason() {
        return statusReason;
    }

    public String getStatusMessage() {
        return statusMessage;
    }

    public int getAttempt() {
        return attempt;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public String getWorkerId() {
        return workerId;
    }

    public Instant getLeaseExpiresAt() {
        return leaseExpiresAt;
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    public String getError() {
        return error;
    }

    public String getResult() {
        return result;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getQueuedAt() {
        return queuedAt;
    }

    public Instant getClaimedAt() {
        return claimedAt;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }
}
