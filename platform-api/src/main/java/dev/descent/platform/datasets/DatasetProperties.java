package dev.descent.platform.datasets;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxUploadSize the most a dataset's files may hold together, uploaded or downloaded (413 beyond)
 * @param maxDecompressedSize the most one IDX file may hold once inflated (a 2 MB gzip bomb would be gigabytes); its
 *     header is checked against it before anything is allocated
 * @param fashionMnistDir where the Debian package {@code dataset-fashion-mnist} puts its IDX files
 * @param downloadTimeout how long a {@code url} source may take to answer and send each file, in all
 * @param connectTimeout how long a {@code url} source may take to accept the connection
 * @param readTimeout how long a {@code url} source may stay silent while sending
 * @param urlAllow host names and address ranges ({@code 10.0.0.0/8}) a {@code url} source may fetch from although they
 *     are not public addresses; none by default (no loopback, link-local, private or multicast address)
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
        @DefaultValue("512MB") DataSize maxDecompressedSize,
        @DefaultValue("/usr/share/datasets/fashion-mnist") Path fashionMnistDir,
        @DefaultValue("120s") Duration downloadTimeout,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout,
        List<String> urlAllow,
        @DefaultValue("4") int cachedDatasets,
        Path cacheDir,
        URI mirror,
        Boolean offline) {
    public DatasetProperties {
        urlAllow = urlAllow == null ? List.of() : List.copyOf(urlAllow);
        if (maxUploadSize.toBytes() <= 0)
            throw new IllegalArgumentException("descent.datasets.max-upload-size must be > 0, got " + maxUploadSize);
        if (cachedDatasets < 1)
            throw new IllegalArgumentException("descent.datasets.cached-datasets must be >= 1, got " + cachedDatasets);
    }
}
