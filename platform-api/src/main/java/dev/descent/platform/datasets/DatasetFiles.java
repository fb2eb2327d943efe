package dev.descent.platform.datasets;

import dev.descent.platform.web.ApiProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset's files by role, before they are stored: the four IDX files of the MNIST layout (test optional) or a
 * training CSV and an optional test CSV. Roles are named as the API's fields.
 */
record DatasetFiles(String format, Map<String, byte[]> files) {
    static final String TRAIN_IMAGES = "trainImages",
            TRAIN_LABELS = "trainLabels",
            TEST_IMAGES = "testImages",
            TEST_LABELS = "testLabels";
    static final String TRAIN_CSV = "trainCsv", TEST_CSV = "testCsv";
    static final List<String> IDX_ROLES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
    static final List<String> CSV_ROLES = List.of(TRAIN_CSV, TEST_CSV);

    DatasetFiles {
        files = new LinkedHashMap<>(files);
    }

    /** Works out the format from which roles are present, refusing an incomplete or mixed set. */
    static DatasetFiles of(Map<String, byte[]> byRole) {
        boolean idx = byRole.keySet().stream().anyMatch(IDX_ROLES::contains);
        boolean csv = byRole.keySet().stream().anyMatch(CSV_ROLES::contains);
        if (idx && csv)
            throw ApiProblem.badRequest(
                    TRAIN_CSV,
                    "give either IDX files (trainImages, trainLabels, testImages, testLabels) or CSV files (trainCsv, testCsv), not both");
        if (!idx && !csv)
            throw ApiProblem.badRequest(
                    TRAIN_IMAGES, "is required: give trainImages and trainLabels (IDX), or trainCsv");
        if (idx) {
            for (String role : List.of(TRAIN_IMAGES, TRAIN_LABELS))
                if (!byRole.containsKey(role)) throw ApiProblem.badRequest(role, "is required with IDX files");
            if (byRole.containsKey(TEST_IMAGES) != byRole.containsKey(TEST_LABELS)) {
                String missing = byRole.containsKey(TEST_IMAGES) ? TEST_LABELS : TEST_IMAGES;
                throw ApiProblem.badRequest(missing, "is required when the other test file is given");
            }
        } else if (!byRole.containsKey(TRAIN_CSV)) {
            throw ApiProblem.badRequest(TRAIN_CSV, "is required with CSV files");
        }
        Map<String, byte[]> ordered = new LinkedHashMap<>();
        for (String role : idx ? IDX_ROLES : CSV_ROLES)
            if (byRole.containsKey(role)) ordered.put(role, byRole.get(role));
        return new DatasetFiles(idx ? "idx" : "csv", ordered);
    }

    long totalBytes() {
        return files.values().stream().mapToLong(b -> b.length).sum();
    }

    /** The column the schema stores each role under. */
    static String column(String role) {
        return switch (role) {
            case TRAIN_IMAGES -> "train_images";
            case TRAIN_LABELS -> "train_labels";
            case TEST_IMAGES -> "test_images";
            case TEST_LABELS -> "test_labels";
            case TRAIN_CSV -> "train_csv";
            case TEST_CSV -> "test_csv";
            default -> throw new IllegalArgumentException("unknown dataset file role " + role);
        };
    }

    static String role(String column) {
        for (String r : IDX_ROLES) if (column(r).equals(column)) return r;
        for (String r : CSV_ROLES) if (column(r).equals(column)) return r;
        throw new IllegalArgumentException("unknown dataset file column " + column);
    }
}
