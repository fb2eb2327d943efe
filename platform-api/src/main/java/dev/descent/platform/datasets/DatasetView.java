package dev.descent.platform.datasets;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A dataset as the API shows it: what was read from its files (sizes, sample shape, classes and their counts) and the
 * files themselves by role ({@code files} only on a single dataset).
 */
public record DatasetView(
        long id,
        String name,
        String source,
        String format,
        String sha256,
        int trainSize,
        int testSize,
        int[] sampleShape,
        Integer numClasses,
        JsonNode classHistogram,
        JsonNode options,
        long sizeBytes,
        Instant createdAt,
        List<FileView> files) {

    @Schema(name = "DatasetFileView")
    public record FileView(String role, String sha256, long sizeBytes) {}
}
