package dev.descent.platform.datasets;

import dev.descent.platform.security.Account;
import dev.descent.platform.security.Ownership;
import dev.descent.platform.web.ApiProblem;
import dev.descent.platform.web.JsonFields;
import dev.descent.platform.web.PageView;
import dev.descent.platform.web.Paging;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stores datasets: reads the files first (a file the readers refuse stores nothing), then writes each file once by its
 * SHA-256 and the dataset by the hash of its files and options, so the same data sent twice is one dataset. Such a
 * shared dataset is reference-counted: everyone who created it holds a reference ({@code dataset_refs}), deleting it
 * drops the caller's reference, and the dataset itself goes with the last one.
 */
@Service
public class DatasetService {
    private final DatasetRepository datasets;
    private final DatasetProperties properties;
    private final DatasetSources sources;
    private final StoredDatasetLoader loader;
    private final DatasetUsage usage;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Ownership ownership;

    DatasetService(
            DatasetRepository datasets,
            DatasetProperties properties,
            DatasetSources sources,
            StoredDatasetLoader loader,
            DatasetUsage usage,
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            JsonMapper json,
            Ownership ownership) {
        this.ownership = ownership;
        this.datasets = datasets;
        this.properties = properties;
        this.sources = sources;
        this.loader = loader;
        this.usage = usage;
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
    }

    /** A stored dataset and whether this call stored it (false: the same data was already there). */
    public record Stored(DatasetRecord dataset, boolean created) {}

    public Optional<DatasetRecord> find(long id) {
        return datasets.findById(id);
    }

    /** One dataset with its files; 404 naming {@code id} when there is none. */
    public DatasetView get(long id) {
        DatasetRecord d = datasets.findById(id).orElseThrow(() -> ApiProblem.notFound("id", "dataset", id));
        List<DatasetView.FileView> files = jdbc.query(
                """
                select f.role, b.sha256, b.size_bytes from dataset_files f join blobs b on b.sha256 = f.blob
                where f.dataset_id = ? order by f.role""",
                (rs, i) -> new DatasetView.FileView(DatasetFiles.role(rs.getString(1)), rs.getString(2), rs.getLong(3)),
                id);
        return view(d, files);
    }

    /** Newest first, without their files. */
    public PageView<DatasetView> list(int page, int size) {
        return PageView.of(
                datasets.findAll(Paging.of(page, size, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id")))),
                d -> view(d, null));
    }

    private DatasetView view(DatasetRecord d, List<DatasetView.FileView> files) {
        return new DatasetView(
                d.getId(),
                d.getName(),
                d.getSource(),
                d.getFormat(),
                d.getSha256(),
                d.getTrainSize(),
                d.getTestSize(),
                d.getSampleShape(),
                d.getNumClasses(),
                d.getClassHistogram() == null ? null : json.readTree(d.getClassHistogram()),
                json.readTree(d.getOptions()),
                d.getSizeBytes(),
                d.getCreatedAt(),
                files);
    }

    Stored upload(String name, Map<String, byte[]> byRole, int[] sampleShape) {
        DatasetFiles files = DatasetFiles.of(byRole);
        if (sampleShape != null && !files.format().equals("csv"))
            throw ApiProblem.badRequest("sampleShape", "applies to CSV files only");
        ObjectNode options = json.createObjectNode();
        if (sampleShape != null) {
            ArrayNode shape = options.putArray("sampleShape");
            for (int d : sampleShape) shape.add(d);
        }
        return referenced(storeFiles(name == null ? "upload" : name, "upload", files, options));
    }

    /** {@code {"source": "fashion-mnist" | "synthetic" | "url", ...}}. */
    Stored fromSource(JsonNode body) {
        if (body == null || !body.isObject())
            throw ApiProblem.badRequest("$", "the request body must be a JSON object with a source");
        JsonNode sourceNode = body.get("source");
        if (sourceNode == null || !sourceNode.isString())
            throw ApiProblem.badRequest("source", "is required: fashion-mnist, synthetic or url");
        JsonNode nameNode = body.get("name");
        if (nameNode != null
                && !nameNode.isNull()
                && (!nameNode.isString() || nameNode.asString().isBlank())) {
            throw ApiProblem.badRequest("name", "must be a non-blank string, got " + nameNode);
        }
        String name = nameNode == null || nameNode.isNull() ? null : nameNode.asString();
        if (name != null && name.length() > 200) throw ApiProblem.badRequest("name", "must be at most 200 characters");
        Stored stored = switch (sourceNode.asString()) {
            case "fashion-mnist" -> {
                for (String field : body.propertyNames()) {
                    if (!JsonFields.fieldsOf(DatasetSource.FashionMnist.class).contains(field))
                        throw ApiProblem.badRequest(field, "is not an option of the fashion-mnist source");
                }
                yield storeFiles(
                        name == null ? "fashion-mnist" : name,
                        "fashion-mnist",
                        DatasetFiles.of(sources.fashionMnist()),
                        json.createObjectNode());
            }
            case "url" -> {
                DatasetSources.Downloaded d = sources.download(body);
                try {
                    yield storeFiles(name == null ? d.name() : name, "url", DatasetFiles.of(d.files()), d.options());
                } catch (ApiProblem e) {
                    if (e.status() != HttpStatus.BAD_REQUEST) throw e;
                    // The readers' words quote the file; a fetched file's content is not echoed to the caller.
                    throw ApiProblem.badRequest(
                            e.field(), "could not fetch: the file is not an IDX or CSV dataset the readers accept");
                }
            }
            case "synthetic" -> synthetic(name, DatasetParser.syntheticOptions(body));
            default ->
                throw ApiProblem.badRequest(
                        "source",
                        "unknown source '" + sourceNode.asString() + "'; expected fashion-mnist, synthetic or url");
        };
        return referenced(stored);
    }

    /** The caller holds a reference to the dataset it created or found already stored. */
    private Stored referenced(Stored stored) {
        Long user = ownership.current().id();
        if (user != null) {
            jdbc.update(
                    "insert into dataset_refs (dataset_id, user_id) values (?, ?) on conflict do nothing",
                    stored.dataset().getId(),
                    user);
        }
        return stored;
    }

    private Stored synthetic(String name, ObjectNode options) {
        String sha = sha256(("synthetic\n" + options).getBytes(StandardCharsets.UTF_8));
        var existing = datasets.findBySha256(sha);
        if (existing.isPresent()) return new Stored(existing.get(), false);
        DatasetParser.Parsed parsed = DatasetParser.synthetic(options);
        String label = name == null ? "synthetic:" + options.get("kind").asString() : name;
        return save(label, "synthetic", "synthetic", sha, parsed, options, Map.of());
    }

    private Stored storeFiles(String name, String source, DatasetFiles files, ObjectNode options) {
        long total = files.totalBytes();
        if (total > properties.maxUploadSize().toBytes()) {
            throw ApiProblem.tooLarge(
                    files.files().keySet().iterator().next(),
                    "the dataset's files hold " + total + " bytes, more than the limit of "
                            + properties.maxUploadSize().toBytes() + " (descent.datasets.max-upload-size)");
        }
        for (var e : files.files().entrySet())
            if (e.getValue().length == 0) throw ApiProblem.badRequest(e.getKey(), "is empty");
        Map<String, String> hashes = new LinkedHashMap<>();
        StringBuilder identity =
                new StringBuilder(files.format()).append('\n').append(options).append('\n');
        for (var e : files.files().entrySet()) {
            String h = sha256(e.getValue());
            hashes.put(e.getKey(), h);
            identity.append(e.getKey()).append('=').append(h).append('\n');
        }
        String sha = sha256(identity.toString().getBytes(StandardCharsets.UTF_8));
        var existing = datasets.findBySha256(sha);
        if (existing.isPresent()) return new Stored(existing.get(), false);
        int[] sampleShape =
                options.has("sampleShape") ? json.convertValue(options.get("sampleShape"), int[].class) : null;
        DatasetParser.Parsed parsed = DatasetParser.files(
                name, files, sampleShape, properties.maxDecompressedSize().toBytes());
        Map<String, Blob> blobs = new LinkedHashMap<>();
        files.files().forEach((role, bytes) -> blobs.put(role, new Blob(hashes.get(role), bytes)));
        return save(name, source, files.format(), sha, parsed, options, blobs);
    }

    private record Blob(String sha256, byte[] content) {}

    private Stored save(
            String name,
            String source,
            String format,
            String sha,
            DatasetParser.Parsed parsed,
            ObjectNode options,
            Map<String, Blob> blobs) {
        DatasetParser.Stats s = parsed.stats();
        long size = blobs.values().stream().mapToLong(b -> b.content().length).sum();
        DatasetRecord record;
        try {
            record = insert(name, source, format, sha, options, blobs, s, size);
        } catch (DataIntegrityViolationException race) {
            // The same data stored by a concurrent request a moment ago: it is that dataset (creates are idempotent).
            return datasets.findBySha256(sha).map(d -> new Stored(d, false)).orElseThrow(() -> race);
        }
        loader.put(record.getId(), parsed.splits());
        return new Stored(record, true);
    }

    private DatasetRecord insert(
            String name,
            String source,
            String format,
            String sha,
            ObjectNode options,
            Map<String, Blob> blobs,
            DatasetParser.Stats s,
            long size) {
        return tx.execute(status -> {
            for (Blob b : blobs.values()) {
                jdbc.update(
                        "insert into blobs (sha256, size_bytes, content) values (?, ?, ?) on conflict do nothing",
                        b.sha256(),
                        (long) b.content().length,
                        b.content());
            }
            DatasetRecord r = datasets.saveAndFlush(new DatasetRecord(
                    name,
                    source,
                    format,
                    sha,
                    s.trainSize(),
                    s.testSize(),
                    s.sampleShape(),
                    s.numClasses(),
                    s.classHistogram() == null ? null : s.classHistogram().toString(),
                    options.toString(),
                    size));
            blobs.forEach((role, b) -> jdbc.update(
                    "insert into dataset_files (dataset_id, role, blob) values (?, ?, ?)",
                    r.getId(),
                    DatasetFiles.column(role),
                    b.sha256()));
            jdbc.update("update datasets set owner_id = ? where id = ?", ownership.ownerForNew(), r.getId());
            return r;
        });
    }

    /**
     * Drops the caller's reference to a dataset; the dataset itself (with the files no other dataset shares) goes when
     * that was the last reference, or when an admin who holds none deletes it, and only while no queued or running run
     * uses it. Returns whether the dataset itself was deleted.
     */
    boolean delete(long id) {
        Account caller = ownership.current();
        Boolean deleted = tx.execute(status -> {
            // Locking the row makes a run created meanwhile wait, then fail its foreign key check.
            List<Long> found = jdbc.queryForList("select id from datasets where id = ? for update", Long.class, id);
            if (found.isEmpty()) throw ApiProblem.notFound("id", "dataset", id);
            boolean holds = caller.id() != null
                    && jdbc.update("delete from dataset_refs where dataset_id = ? and user_id = ?", id, caller.id())
                            == 1;
            if (!holds && !caller.isAdmin()) {
                throw new ApiProblem(
                        HttpStatus.FORBIDDEN,
                        null,
                        "dataset " + id + " belongs to other users; only they or an admin may delete it");
            }
            Long others = jdbc.queryForObject("select count(*) from dataset_refs where dataset_id = ?", Long.class, id);
            if (holds && others != null && others > 0) return false; // still someone else's
            List<Long> active = usage.activeRuns(id, 5);
            if (!active.isEmpty()) {
                throw ApiProblem.conflict(
                        null, "dataset " + id + " is used by queued or running runs " + active + "; cancel them first");
            }
            List<String> blobs =
                    jdbc.queryForList("select blob from dataset_files where dataset_id = ?", String.class, id);
            jdbc.update("delete from datasets where id = ?", id);
            for (String blob : blobs) {
                jdbc.update(
                        "delete from blobs where sha256 = ? and not exists (select 1 from dataset_files where blob = ?)",
                        blob,
                        blob);
            }
            return true;
        });
        if (Boolean.TRUE.equals(deleted)) loader.evict(id);
        return Boolean.TRUE.equals(deleted);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
