package dev.descent.platform.datasets;

import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The JSON body of {@code POST /api/datasets} as the OpenAPI document shows it: one of three sources, told apart by
 * {@code source}. {@link DatasetService#fromSource} reads the body field by field (each refusal names its field in the
 * API's own words) and accepts, for each source, exactly the fields its record declares here.
 */
@Schema(
        name = "DatasetSource",
        description = "Where the dataset comes from, by source: fashion-mnist, synthetic or url. Unknown fields, and"
                + " another source's or synthetic kind's options, are refused with 400 naming them.",
        oneOf = {DatasetSource.FashionMnist.class, DatasetSource.Synthetic.class, DatasetSource.Url.class},
        discriminatorProperty = "source",
        discriminatorMapping = {
            @DiscriminatorMapping(value = "fashion-mnist", schema = DatasetSource.FashionMnist.class),
            @DiscriminatorMapping(value = "synthetic", schema = DatasetSource.Synthetic.class),
            @DiscriminatorMapping(value = "url", schema = DatasetSource.Url.class)
        })
sealed interface DatasetSource {

    /** Fashion-MNIST's four IDX files, from the Debian package or downloaded once into the cache. */
    @Schema(
            name = "FashionMnistSource",
            description = "Fashion-MNIST (60 000 training and 10 000 test images of clothing, 10 classes).",
            requiredProperties = {"source"})
    record FashionMnist(
            @Schema(allowableValues = "fashion-mnist", example = "fashion-mnist")
            String source,

            @Schema(description = "Defaults to fashion-mnist.", maxLength = 200, nullable = true)
            String name)
            implements DatasetSource {}

    /**
     * A generated two-feature set; each kind takes the options its description lists (another kind's option is refused
     * naming it), with the defaults {@link DatasetParser#syntheticOptions} fills in.
     */
    @Schema(
            name = "SyntheticSource",
            description = "A generated set, seeded: spirals, moons, blobs and xor are classification sets with two"
                    + " features; parabola and sine are one-feature regression sets (use the mse loss). Every kind"
                    + " takes n, seed and testFraction; spirals also classes and noise; blobs centers and std; the"
                    + " others noise.",
            requiredProperties = {"source", "kind"})
    record Synthetic(
            @Schema(allowableValues = "synthetic", example = "synthetic")
            String source,

            @Schema(description = "Defaults to synthetic:<kind>.", maxLength = 200, nullable = true)
            String name,

            @Schema(
                    description = "Which generator.",
                    allowableValues = {"spirals", "moons", "blobs", "xor", "parabola", "sine"},
                    example = "spirals")
            String kind,

            @Schema(description = "Examples in all.", minimum = "10", maximum = "1000000", defaultValue = "1200")
            Integer n,

            @Schema(description = "The generator's seed: the same seed gives the same set.", defaultValue = "0")
            Long seed,

            @Schema(
                    description = "The fraction held out as the test split.",
                    minimum = "0",
                    maximum = "0.9",
                    defaultValue = "0.16666666666666666")
            Double testFraction,

            @Schema(description = "spirals: arms, one class each.", minimum = "1", maximum = "100", defaultValue = "3")
            Integer classes,

            @Schema(
                    description = "spirals (default 0.2), moons (0.1), xor (0.05), parabola (0.02), sine"
                            + " (0.1): the noise's standard deviation.",
                    minimum = "0",
                    maximum = "10")
            Double noise,

            @Schema(
                    description = "blobs: clusters, one class each.",
                    minimum = "1",
                    maximum = "100",
                    defaultValue = "3")
            Integer centers,

            @Schema(description = "blobs: each cluster's spread.", minimum = "0", maximum = "100", defaultValue = "1")
            Double std)
            implements DatasetSource {}

    /** Dataset files fetched over http(s) from the hosts {@code descent.datasets.url-allow} lets through. */
    @Schema(
            name = "UrlSource",
            description = "Files fetched over http(s) (only from hosts in descent.datasets.url-allow): the four IDX"
                    + " files (.gz or not), or trainCsv and testCsv (label in the first column).",
            requiredProperties = {"source"})
    record Url(
            @Schema(allowableValues = "url", example = "url")
            String source,

            @Schema(description = "Defaults to the first URL's host and directory.", maxLength = 200, nullable = true)
            String name,

            @Schema(format = "uri", example = "https://example.org/mnist/train-images-idx3-ubyte.gz")
            String trainImages,

            @Schema(format = "uri") String trainLabels,
            @Schema(format = "uri") String testImages,
            @Schema(format = "uri") String testLabels,
            @Schema(format = "uri") String trainCsv,
            @Schema(format = "uri") String testCsv,

            @Schema(
                    description = "One CSV sample's shape, e.g. [1, 28, 28]; default: a flat feature vector.",
                    example = "[1, 28, 28]")
            List<Integer> sampleShape)
            implements DatasetSource {}
}
