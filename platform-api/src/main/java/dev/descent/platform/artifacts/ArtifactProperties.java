package dev.descent.platform.artifacts;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where artifacts are kept. With no directory every artifact is stored in PostgreSQL, which every worker and API
 * process already reaches; a directory must be one they all share (a volume, a network file system).
 *
 * @param directory where artifacts larger than {@code inlineMaxSize} are written, {@code run-<id>/<name>}; none by
 *     default
 * @param inlineMaxSize the largest artifact kept in PostgreSQL when a directory is configured
 */
@ConfigurationProperties("descent.artifacts")
public record ArtifactProperties(
        Path directory, @DefaultValue("8MB") DataSize inlineMaxSize) {
    public ArtifactProperties {
        if (inlineMaxSize.toBytes() < 0)
            throw new IllegalArgumentException("descent.artifacts.inline-max-size must be >= 0, got " + inlineMaxSize);
    }

    /** Whether an artifact of {@code size} bytes goes to the directory. */
    boolean onDisk(long size) {
        return directory != null && size > inlineMaxSize.toBytes();
    }
}
