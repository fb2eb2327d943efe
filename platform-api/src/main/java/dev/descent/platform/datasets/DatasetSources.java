package dev.descent.platform.datasets;

import dev.descent.data.DatasetDownloader;
import dev.descent.data.DownloadProgress;
import dev.descent.data.PublicDataset;
import dev.descent.platform.web.ApiProblem;
import dev.descent.platform.web.JsonFields;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a dataset's files come from when they are not uploaded: Fashion-MNIST (the Debian package, else downloaded once
 * into the cache by training-core, as the CLI does), or URLs.
 */
@Component
class DatasetSources {
    private static final Logger log = LoggerFactory.getLogger(DatasetSources.class);
    private static final Map<String, String> FASHION_MNIST_FILES = Map.of(
            DatasetFiles.TRAIN_IMAGES, "train-images-idx3-ubyte.gz",
            DatasetFiles.TRAIN_LABELS, "train-labels-idx1-ubyte.gz",
            DatasetFiles.TEST_IMAGES, "t10k-images-idx3-ubyte.gz",
            DatasetFiles.TEST_LABELS, "t10k-labels-idx1-ubyte.gz");

    private final DatasetProperties properties;
    private final UrlFetcher fetcher;
    private final DatasetDownloader downloader;

    DatasetSources(DatasetProperties properties) {
        this.properties = properties;
        this.downloader = downloader(properties);
        this.fetcher = new UrlFetcher(
                properties.urlAllow(),
                new UrlFetcher.Limits(
                        properties.connectTimeout(), properties.readTimeout(), properties.downloadTimeout()));
    }

    /** training-core's downloader with the environment's settings, overridden by {@code descent.datasets.*}. */
    static DatasetDownloader downloader(DatasetProperties p) {
        DatasetDownloader d = DatasetDownloader.standard().progress((file, from, bytes) -> {
            log.info("downloading {} ({} bytes) from {}", file, bytes, from);
            return DownloadProgress.none().start(file, from, bytes);
        });
        if (p.cacheDir() != null) d = d.cacheRoot(p.cacheDir());
        if (p.mirror() != null) d = d.mirror(p.mirror());
        if (p.offline() != null) d = d.offline(p.offline());
        return d;
    }

    Map<String, byte[]> fashionMnist() {
        Path dir;
        try {
            dir = downloader.locate(PublicDataset.FASHION_MNIST.installedAt(properties.fashionMnistDir()));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(
                    "source",
                    e.getMessage() + ", or set descent.datasets.fashion-mnist-dir to a directory holding them");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String role : DatasetFiles.IDX_ROLES) {
            Path file = dir.resolve(FASHION_MNIST_FILES.get(role));
            if (!Files.isReadable(file)) {
                throw ApiProblem.badRequest(
                        "source", "cannot read " + file + " (the platform reads the .gz files of the MNIST layout)");
            }
            try {
                files.put(role, Files.readAllBytes(file));
            } catch (IOException e) {
                throw ApiProblem.badRequest("source", "cannot read " + file + ": " + e.getMessage());
            }
        }
        return files;
    }

    record Downloaded(String name, Map<String, byte[]> files, ObjectNode options) {}

    /**
     * {@code {"source":"url", "trainImages": URL, "trainLabels": URL, "testImages": URL, "testLabels": URL}} or
     * {@code trainCsv}/{@code testCsv}.
     */
    Downloaded download(JsonNode body) {
        List<String> roles = new java.util.ArrayList<>(DatasetFiles.IDX_ROLES);
        roles.addAll(DatasetFiles.CSV_ROLES);
        for (String field : body.propertyNames()) {
            if (!JsonFields.fieldsOf(DatasetSource.Url.class).contains(field)) {
                throw ApiProblem.badRequest(
                        field, "is not an option of the url source; give " + String.join(", ", roles));
            }
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        ObjectNode options = JsonNodeFactory.instance.objectNode();
        long budget = properties.maxUploadSize().toBytes();
        String name = null;
        for (String role : roles) {
            JsonNode v = body.get(role);
            if (v == null || v.isNull()) continue;
            if (!v.isString()) throw ApiProblem.badRequest(role, "must be an http(s) URL string, got " + v);
            URI uri = uri(role, v.asString());
            byte[] bytes = fetch(role, uri, budget);
            budget -= bytes.length;
            files.put(role, bytes);
            if (name == null) {
                String path = uri.getPath();
                name = path == null || path.isEmpty()
                        ? uri.getHost()
                        : uri.getHost() + path.substring(0, Math.max(0, path.lastIndexOf('/')));
            }
        }
        if (body.has("sampleShape")) options.set("sampleShape", sampleShape(body.get("sampleShape")));
        return new Downloaded(name == null ? "url" : name, files, options);
    }

    static JsonNode sampleShape(JsonNode v) {
        if (!v.isArray() || v.isEmpty())
            throw ApiProblem.badRequest("sampleShape", "must be a list of positive integers, e.g. [1, 28, 28]");
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isIntegralNumber()
                    || v.get(i).asLong() <= 0
                    || v.get(i).asLong() > 1 << 20) {
                throw ApiProblem.badRequest("sampleShape[" + i + "]", "must be a positive integer, got " + v.get(i));
            }
        }
        return v;
    }

    private static URI uri(String role, String text) {
        try {
            URI uri = new URI(text);
            if ((!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                throw ApiProblem.badRequest(role, "must be an http or https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw ApiProblem.badRequest(role, "is not a valid URL");
        }
    }

    private byte[] fetch(String role, URI uri, long budget) {
        return fetcher.fetch(role, uri, budget);
    }
}
