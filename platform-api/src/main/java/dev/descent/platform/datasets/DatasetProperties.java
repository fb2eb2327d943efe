package dev.descent.platform.datasets;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxUploadSize the most a dataset's files may hold together, uploaded or downloaded (413 beyond)
 * @param fashionMnistDir where the Debian package {@code dataset-fashion-mnist} puts its IDX files
 * @param downloadTimeout how long a {@code url} source may take to answer and send each file
 * @param cachedDatasets how many parsed datasets a process keeps in memory for training and samples
 * @param cacheDir where public datasets (Fashion-MNIST) are downloaded to when not installed; by default the CLI's
 *     cache, {@code $XDG_CACHE_HOME/descent} or {@code ~/.cache/descent}
 * @param mirror a base URL to download public datasets from instead of their published locations
 *     ({@code MIRROR/fashion-mnist/FILE}); by default {@code $DESCENT_DATASETS_MIRROR}
 * @param offline true: never download a public dataset; by default {@code $DESCENT_OFFLINE}
 */
@ConfigurationProperties("descent.datasets")
public record DatasetProperties(
        @DefaultValue("200MB") DataSize maxUploadSize,
        @DefaultValue("/usr/share/datasets/fashion-mnist") Path fashionMnistDir,
        @DefaultValue("120s") Duration downloadTimeout,
        @DefaultValue("4") int cachedDatasets,
        Path cacheDir,
        URI mirror,
        Boolean offline) {
    public DatasetProperties {
        if (maxUploadSize.toBytes() <= 0)
            throw new IllegalArgumentException("descent.datasets.max-upload-size must be > 0, got " + maxUploadSize);
        if (cachedDatasets < 1)
            throw new IllegalArgumentException("descent.datasets.cached-datasets must be >= 1, got " + cachedDatasets);
    }
}
