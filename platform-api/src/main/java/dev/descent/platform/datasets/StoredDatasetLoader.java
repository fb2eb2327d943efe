package dev.descent.platform.datasets;

import dev.descent.data.DataSplits;
import dev.descent.platform.web.ApiProblem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads stored datasets back into tensors, keeping the last few in memory: parsing Fashion-MNIST takes a second, and
 * consecutive runs (and the samples endpoint) usually want the same data.
 */
@Component
class StoredDatasetLoader implements DatasetLoader {
    private final DatasetRepository datasets;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final long maxElements;
    private final Map<Long, CompletableFuture<DataSplits>> cache;

    StoredDatasetLoader(DatasetRepository datasets, JdbcTemplate jdbc, DatasetProperties properties, JsonMapper json) {
        this.datasets = datasets;
        this.jdbc = jdbc;
        this.json = json;
        int capacity = properties.cachedDatasets();
        this.maxElements = properties.maxDecompressedSize().toBytes();
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, CompletableFuture<DataSplits>> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public DataSplits load(long datasetId) {
        CompletableFuture<DataSplits> future;
        boolean mine = false;
        synchronized (cache) {
            future = cache.get(datasetId);
            if (future == null) {
                future = new CompletableFuture<>();
                cache.put(datasetId, future);
                mine = true;
            }
        }
        // One thread reads a dataset; others that want it meanwhile wait for that read.
        if (mine) {
            try {
                future.complete(read(datasetId));
            } catch (RuntimeException e) {
                synchronized (cache) {
                    cache.remove(datasetId, future);
                }
                future.completeExceptionally(e);
            }
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    void put(long datasetId, DataSplits splits) {
        synchronized (cache) {
            cache.put(datasetId, CompletableFuture.completedFuture(splits));
        }
    }

    void evict(long datasetId) {
        synchronized (cache) {
            cache.remove(datasetId);
        }
    }

    private DataSplits read(long id) {
        DatasetRecord d = datasets.findById(id).orElseThrow(() -> ApiProblem.notFound("datasetId", "dataset", id));
        ObjectNode options = (ObjectNode) json.readTree(d.getOptions());
        if (d.getFormat().equals("synthetic"))
            return DatasetParser.synthetic(options).splits();
        Map<String, byte[]> files = new LinkedHashMap<>();
        jdbc.query(
                "select f.role, b.content from dataset_files f join blobs b on b.sha256 = f.blob where f.dataset_id = ?",
                rs -> {
                    files.put(DatasetFiles.role(rs.getString(1)), rs.getBytes(2));
                },
                id);
        int[] sampleShape =
                options.has("sampleShape") ? json.convertValue(options.get("sampleShape"), int[].class) : null;
        return DatasetParser.files(d.getName(), DatasetFiles.of(files), sampleShape, maxElements)
                .splits();
    }
}
