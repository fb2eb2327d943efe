package dev.descent.platform.models;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One version of a model spec, with what building it inferred. Never updated: an edit is the next version. */
@Entity
@Immutable
@Table(name = "models")
public class ModelConfig {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private int version;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    private String spec;

    @Column(nullable = false)
    private long parameters;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    private String summary;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** Who made it: only they or an admin change it (null: made before accounts, or with security off). */
    @Column(name = "owner_id")
    private Long ownerId;

    protected ModelConfig() {}

    ModelConfig(String name, int version, String spec, long parameters, String summary, Long ownerId) {
        this.ownerId = ownerId;
        this.name = name;
        this.version = version;
        this.spec = spec;
        this.parameters = parameters;
        this.summary = summary;
        this.createdAt = Instant.now();
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public int getVersion() {
        return version;
    }

    /** The spec as JSON, as {@code ModelSpec.fromJson} reads it. */
    public String getSpec() {
        return spec;
    }

    public long getParameters() {
        return parameters;
    }

    /** Per-layer output shapes and parameters, and the model's output shape, as JSON. */
    public String getSummary() {
        return summary;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Long getOwnerId() {
        return ownerId;
    }
}
