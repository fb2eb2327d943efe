package dev.descent.platform.datasets;

import dev.descent.data.Csv;
import dev.descent.data.DataFormatException;
import dev.descent.data.DataSplits;
import dev.descent.data.Dataset;
import dev.descent.data.Datasets;
import dev.descent.data.Idx;
import dev.descent.data.ImageDatasets;
import dev.descent.data.Synthetic;
import dev.descent.data.TensorDataset;
import dev.descent.platform.web.ApiProblem;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a dataset's files (or generates a synthetic one) with training-core's readers, and works out what the API shows
 * about it. A file the readers refuse is a 400 naming its field and what is wrong.
 */
final class DatasetParser {
    static final List<String> SYNTHETIC_KINDS = Datasets.SYNTHETIC;
    static final int MAX_CLASSES = 10_000;

    private DatasetParser() {}

    /** What is known about a dataset once read. {@code classHistogram} is null for regression targets. */
    record Stats(int trainSize, int testSize, int[] sampleShape, Integer numClasses, ObjectNode classHistogram) {}

    record Parsed(DataSplits splits, Stats stats) {}

    /**
     * Parses a dataset's files; an IDX file (raw or gzip) may hold at most {@code maxElements} elements, checked on its
     * header before anything is allocated and on the bytes as they are inflated.
     */
    static Parsed files(String name, DatasetFiles files, int[] csvSampleShape, long maxElements) {
        DataSplits splits = switch (files.format()) {
            case "idx" ->
                new DataSplits(
                        name,
                        idx(files, DatasetFiles.TRAIN_IMAGES, DatasetFiles.TRAIN_LABELS, maxElements),
                        files.files().containsKey(DatasetFiles.TEST_IMAGES)
                                ? idx(files, DatasetFiles.TEST_IMAGES, DatasetFiles.TEST_LABELS, maxElements)
                                : null);
            case "csv" ->
                new DataSplits(
                        name,
                        csv(files, DatasetFiles.TRAIN_CSV, csvSampleShape),
                        files.files().containsKey(DatasetFiles.TEST_CSV)
                                ? csv(files, DatasetFiles.TEST_CSV, csvSampleShape)
                                : null);
            default -> throw new IllegalArgumentException("unknown dataset format " + files.format());
        };
        if (splits.test() != null) {
            int[] train = sampleShape(splits.train()), test = sampleShape(splits.test());
            if (!Arrays.equals(train, test)) {
                String field = files.format().equals("idx") ? DatasetFiles.TEST_IMAGES : DatasetFiles.TEST_CSV;
                throw ApiProblem.badRequest(
                        field,
                        "test samples have shape " + Arrays.toString(test) + " but training samples "
                                + Arrays.toString(train));
            }
        }
        return new Parsed(
                splits,
                stats(splits, files.format().equals("idx") ? DatasetFiles.TRAIN_LABELS : DatasetFiles.TRAIN_CSV));
    }

    /**
     * A generated set: {@code {"kind": "spirals", "n": 1200, "classes": 3, "noise": 0.2, "seed": 0, "testFraction":
     * 0.2}} ({@code classes} for spirals, {@code centers} and {@code std} for blobs). Returns the normalised options
     * too.
     */
    static Parsed synthetic(ObjectNode options) {
        String kind = options.get("kind").asString();
        int n = options.get("n").asInt();
        long seed = options.get("seed").asLong();
        double noise = options.has("noise") ? options.get("noise").asDouble() : 0;
        TensorDataset all = switch (kind) {
            case "spirals" -> Synthetic.spirals(n, options.get("classes").asInt(), noise, seed);
            case "moons" -> Synthetic.moons(n, noise, seed);
            case "blobs" ->
                Synthetic.blobs(
                        n, options.get("centers").asInt(), options.get("std").asDouble(), seed);
            case "xor" -> Synthetic.xor(n, noise, seed);
            case "parabola" -> Synthetic.parabola(n, noise, seed);
            case "sine" -> Synthetic.sine(n, noise, seed);
            default ->
                throw ApiProblem.badRequest(
                        "kind",
                        "unknown synthetic dataset '" + kind + "'; expected one of "
                                + String.join(", ", SYNTHETIC_KINDS));
        };
        Datasets.Split split = Datasets.split(all, options.get("testFraction").asDouble(), seed);
        DataSplits splits = new DataSplits("synthetic:" + kind, split.train(), split.validation());
        return new Parsed(splits, stats(splits, "kind"));
    }

    /** Fills in the defaults of a synthetic request and checks its values, naming the field at fault. */
    static ObjectNode syntheticOptions(JsonNode body) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        JsonNode kindNode = body.get("kind");
        if (kindNode == null || !kindNode.isString())
            throw ApiProblem.badRequest("kind", "is required: one of " + String.join(", ", SYNTHETIC_KINDS));
        String kind = kindNode.asString();
        if (!SYNTHETIC_KINDS.contains(kind))
            throw ApiProblem.badRequest(
                    "kind",
                    "unknown synthetic dataset '" + kind + "'; expected one of " + String.join(", ", SYNTHETIC_KINDS));
        o.put("kind", kind);
        o.put("n", integer(body, "n", Datasets.SYNTHETIC_SIZE, 10, 1_000_000));
        o.put("seed", integer(body, "seed", 0, Long.MIN_VALUE, Long.MAX_VALUE));
        o.put(
                "testFraction",
                number(
                        body,
                        "testFraction",
                        (double) (Datasets.SYNTHETIC_SIZE - Datasets.SYNTHETIC_TRAIN) / Datasets.SYNTHETIC_SIZE,
                        0,
                        0.9));
        switch (kind) {
            case "spirals" -> {
                o.put("classes", integer(body, "classes", 3, 1, 100));
                o.put("noise", number(body, "noise", 0.2, 0, 10));
            }
            case "blobs" -> {
                o.put("centers", integer(body, "centers", 3, 1, 100));
                o.put("std", number(body, "std", 1.0, 0, 100));
            }
            case "moons" -> o.put("noise", number(body, "noise", 0.1, 0, 10));
            case "xor" -> o.put("noise", number(body, "noise", 0.05, 0, 10));
            default -> o.put("noise", number(body, "noise", kind.equals("parabola") ? 0.02 : 0.1, 0, 10));
        }
        for (String field : body.propertyNames()) {
            if (!field.equals("source") && !field.equals("name") && !o.has(field)) {
                throw ApiProblem.badRequest(
                        field,
                        "is not an option of the synthetic '" + kind + "' set; its options: "
                                + String.join(", ", o.propertyNames()));
            }
        }
        return o;
    }

    static int[] sampleShape(Dataset d) {
        return ((TensorDataset) d).sampleShape();
    }

    private static TensorDataset idx(DatasetFiles files, String imagesRole, String labelsRole, long maxElements) {
        Idx.IdxArray images = readIdx(files, imagesRole, maxElements);
        Idx.IdxArray labels = readIdx(files, labelsRole, maxElements);
        try {
            return ImageDatasets.fromIdx(images, labels, imagesRole + " + " + labelsRole);
        } catch (DataFormatException e) {
            throw ApiProblem.badRequest(labelsRole, e.getMessage());
        }
    }

    private static Idx.IdxArray readIdx(DatasetFiles files, String role, long maxElements) {
        try {
            return Idx.read(new ByteArrayInputStream(files.files().get(role)), role, maxElements);
        } catch (DataFormatException e) {
            throw ApiProblem.badRequest(role, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(role, "not a readable IDX file: " + e.getMessage());
        }
    }

    private static TensorDataset csv(DatasetFiles files, String role, int[] sampleShape) {
        try {
            return Csv.read(
                    new ByteArrayInputStream(files.files().get(role)),
                    role,
                    sampleShape == null ? new int[0] : sampleShape);
        } catch (DataFormatException e) {
            throw ApiProblem.badRequest(role, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(sampleShape == null ? role : "sampleShape", e.getMessage());
        }
    }

    private static Stats stats(DataSplits splits, String labelsField) {
        TensorDataset train = (TensorDataset) splits.train();
        TensorDataset test = (TensorDataset) splits.test();
        Integer classes = null;
        ObjectNode histogram = null;
        if (train.targets().dtype().isIntegral() && train.targets().dim() == 1) {
            long[] trainLabels = train.targets().toLongArray();
            long[] testLabels = test == null ? new long[0] : test.targets().toLongArray();
            long max = Math.max(
                    Arrays.stream(trainLabels).max().orElse(0),
                    Arrays.stream(testLabels).max().orElse(0));
            long min = Math.min(
                    Arrays.stream(trainLabels).min().orElse(0),
                    Arrays.stream(testLabels).min().orElse(0));
            if (min < 0 || max >= MAX_CLASSES) {
                throw ApiProblem.badRequest(
                        labelsField,
                        "class labels must be in [0, " + MAX_CLASSES + "), got labels from " + min + " to " + max);
            }
            classes = (int) max + 1;
            histogram = JsonNodeFactory.instance.objectNode();
            histogram.set("train", counts(trainLabels, classes));
            histogram.set("test", counts(testLabels, classes));
        }
        return new Stats(train.size(), test == null ? 0 : test.size(), sampleShape(train), classes, histogram);
    }

    private static ArrayNode counts(long[] labels, int classes) {
        long[] counts = new long[classes];
        for (long l : labels) counts[(int) l]++;
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (long c : counts) out.add(c);
        return out;
    }

    private static long integer(JsonNode body, String field, long fallback, long min, long max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isIntegralNumber() || !v.canConvertToLong())
            throw ApiProblem.badRequest(field, "must be an integer, got " + v);
        if (v.asLong() < min || v.asLong() > max)
            throw ApiProblem.badRequest(field, "must be between " + min + " and " + max + ", got " + v);
        return v.asLong();
    }

    private static double number(JsonNode body, String field, double fallback, double min, double max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return fallback;
        if (!v.isNumber()) throw ApiProblem.badRequest(field, "must be a number, got " + v);
        if (!(v.asDouble() >= min && v.asDouble() <= max))
            throw ApiProblem.badRequest(field, "must be between " + min + " and " + max + ", got " + v);
        return v.asDouble();
    }
}
