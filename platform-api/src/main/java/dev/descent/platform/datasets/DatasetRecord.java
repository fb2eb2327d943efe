package dev.descent.platform.datasets;

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

/** A stored dataset's description; its files live in the blobs table, by role. */
@Entity
@Immutable
@Table(name = "datasets")
public class DatasetRecord {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String name;

    /** upload, fashion-mnist, synthetic or url. */
    @Column(nullable = false)
    private String source;

    /** idx, csv or synthetic. */
    @Column(nullable = false)
    private String format;

    @Column(nullable = false, unique = true)
    private String sha256;

    @Column(name = "train_size", nullable = false)
    private int trainSize;

    @Column(name = "test_size", nullable = false)
    private int testSize;

    @Column(name = "sample_shape", nullable = false)
    @JdbcTypeCode(SqlTypes.ARRAY)
    private int[] sampleShape;

    @Column(name = "num_classes")
    private Integer numClasses;

    /** {"train": [count per class], "test": [...]}, or null for regression targets. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "class_histogram", columnDefinition = "jsonb")
    private String classHistogram;

    /** How the files are read (a CSV's sample shape) or generated (synthetic parameters). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    private String options;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected DatasetRecord() {}

    DatasetRecord(
            String name,
            String source,
            String format,
            String sha256,
            int trainSize,
            int testSize,
            int[] sampleShape,
            Integer numClasses,
            String classHistogram,
            String options,
            long sizeBytes) {
        this.name = name;
        this.source = source;
        this.format = format;
        this.sha256 = sha256;
        this.trainSize = trainSize;
        this.testSize = testSize;
        this.sampleShape = sampleShape.clone();
        this.numClasses = numClasses;
        this.classHistogram = classHistogram;
        this.options = options;
        this.sizeBytes = sizeBytes;
        this.createdAt = Instant.now();
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getSource() {
        return source;
    }

    public String getFormat() {
        return format;
    }

    public String getSha256() {
        return sha256;
    }

    public int getTrainSize() {
        return trainSize;
    }

    public int getTestSize() {
        return testSize;
    }

    public int[] getSampleShape() {
        return sampleShape.clone();
    }

    public Integer getNumClasses() {
        return numClasses;
    }

    public String getClassHistogram() {
        return classHistogram;
    }

    public String getOptions() {
        return options;
    }

    public long getSizeBytes() {
        return sizeBytes;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
