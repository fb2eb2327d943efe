package dev.descent.platform.datasets;

import dev.descent.data.DataSplits;
import dev.descent.data.TensorDataset;
import dev.descent.platform.config.ApiProblem;
import dev.descent.platform.config.PageView;
import dev.descent.platform.config.Paging;
import dev.descent.platform.config.StorableJson;
import dev.descent.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/datasets")
class DatasetsController {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_SAMPLES = 256;

    private final DatasetService service;
    private final DatasetRepository datasets;
    private final StoredDatasetLoader loader;
    private final JdbcTemplate jdbc;

    DatasetsController(
            DatasetService service, DatasetRepository datasets, StoredDatasetLoader loader, JdbcTemplate jdbc) {
        this.service = service;
        this.datasets = datasets;
        this.loader = loader;
        this.jdbc = jdbc;
    }

    record FileView(String role, String sha256, long sizeBytes) {}

    record DatasetView(
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
            List<FileView> files) {}

    /** Multipart upload: IDX parts trainImages, trainLabels, testImages, testLabels, or CSV parts trainCsv, testCsv. */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<DatasetView> upload(
            MultipartHttpServletRequest request,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String sampleShape)
            throws IOException {
        List<String> roles = new ArrayList<>(DatasetFiles.IDX_ROLES);
        roles.addAll(DatasetFiles.CSV_ROLES);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<String, MultipartFile> e : request.getFileMap().entrySet()) {
            if (!roles.contains(e.getKey()))
                throw ApiProblem.badRequest(
                        e.getKey(), "is not a dataset file; the parts are " + String.join(", ", roles));
            files.put(e.getKey(), e.getValue().getBytes());
        }
        for (String param : request.getParameterMap().keySet()) {
            if (!List.of("name", "sampleShape").contains(param))
                throw ApiProblem.badRequest(param, "is not a field of a dataset upload (name, sampleShape)");
        }
        if (name != null && name.isBlank()) throw ApiProblem.badRequest("name", "must not be blank");
        StorableJson.requireNoNul(name, "name");
        return respond(service.upload(name, files, sampleShape == null ? null : parseShape(sampleShape)));
    }

    /**
     * {@code {"source": "fashion-mnist"}}, {@code {"source": "synthetic", "kind": "spirals", ...}} or {@code {"source":
     * "url", "trainImages": ...}}.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DatasetView> fromSource(@RequestBody JsonNode body) {
        return respond(service.fromSource(body));
    }

    @GetMapping
    PageView<DatasetView> list(
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return PageView.of(
                datasets.findAll(Paging.of(page, size, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id")))),
                d -> view(d, null));
    }

    @GetMapping("/{id}")
    DatasetView get(@PathVariable long id) {
        DatasetRecord d = datasets.findById(id).orElseThrow(() -> ApiProblem.notFound("id", "dataset", id));
        List<FileView> files = jdbc.query(
                """
                        select f.role, b.sha256, b.size_bytes from dataset_files f join blobs b on b.sha256 = f.blob
                        where f.dataset_id = ? order by f.role""", (rs, i) -> new FileView(DatasetFiles.role(rs.getString(1)), rs.getString(2), rs.getLong(3)), id);
        return view(d, files);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        service.delete(id);
        return ResponseEntity.noContent().build();
    }

    record Sample(int index, Object target, float[] values) {}

    record Samples(long datasetId, String split, int offset, int total, int[] sampleShape, List<Sample> samples) {}

    /** Samples as the model sees them ({@code format=json}), or image samples as one PNG strip ({@code format=png}). */
    @GetMapping("/{id}/samples")
    ResponseEntity<?> samples(
            @PathVariable long id,
            @RequestParam(defaultValue = "train") String split,
            @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "16") int limit,
            @RequestParam(defaultValue = "json") String format) {
        if (!datasets.existsById(id)) throw ApiProblem.notFound("id", "dataset", id);
        if (!split.equals("train") && !split.equals("test"))
            throw ApiProblem.badRequest("split", "must be train or test, got '" + split + "'");
        if (limit < 1 || limit > MAX_SAMPLES)
            throw ApiProblem.badRequest("limit", "must be between 1 and " + MAX_SAMPLES + ", got " + limit);
        if (!format.equals("json") && !format.equals("png"))
            throw ApiProblem.badRequest("format", "must be json or png, got '" + format + "'");
        DataSplits splits = loader.load(id);
        TensorDataset data = (TensorDataset) (split.equals("train") ? splits.train() : splits.test());
        int total = data == null ? 0 : data.size();
        if (offset < 0 || (offset >= total && total > 0) || (total == 0 && offset > 0)) {
            throw ApiProblem.badRequest(
                    "offset", "must be in [0, " + total + ") for the " + split + " split, got " + offset);
        }
        int n = Math.min(limit, total - offset);
        int[] shape = data == null ? new int[0] : DatasetParser.sampleShape(data);
        if (format.equals("png"))
            return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(png(data, offset, n, shape));
        List<Sample> samples = new ArrayList<>(n);
        for (int i = offset; i < offset + n; i++) {
            Tensor target = data.targets().select(0, i);
            Object t = target.dtype().isIntegral() ? (Object) target.itemLong() : (Object) target.toFloatArray()[0];
            samples.add(
                    new Sample(i, t, data.features().select(0, i).contiguous().toFloatArray()));
        }
        return ResponseEntity.ok(new Samples(id, split, offset, total, shape, samples));
    }

    /** Samples side by side, 16 to a row; values are scaled from [0, 1] to grey levels (or RGB for 3 channels). */
    private static byte[] png(TensorDataset data, int offset, int n, int[] shape) {
        boolean image = (shape.length == 3 && (shape[0] == 1 || shape[0] == 3)) || shape.length == 2;
        if (!image || n == 0)
            throw ApiProblem.badRequest(
                    "format", "samples of shape " + Arrays.toString(shape) + " are not images; use format=json");
        int channels = shape.length == 3 ? shape[0] : 1;
        int h = shape[shape.length - 2], w = shape[shape.length - 1];
        int perRow = Math.min(16, n), rows = (n + perRow - 1) / perRow;
        BufferedImage img = new BufferedImage(perRow * w, rows * h, BufferedImage.TYPE_INT_RGB);
        for (int s = 0; s < n; s++) {
            float[] v = data.features().select(0, offset + s).contiguous().toFloatArray();
            int x0 = (s % perRow) * w, y0 = (s / perRow) * h;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int r = level(v[y * w + x]);
                    int g = channels == 3 ? level(v[h * w + y * w + x]) : r;
                    int b = channels == 3 ? level(v[2 * h * w + y * w + x]) : r;
                    img.setRGB(x0 + x, y0 + y, (r << 16) | (g << 8) | b);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding into memory failed", e);
        }
        return out.toByteArray();
    }

    private static int level(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }

    private static int[] parseShape(String text) {
        String[] parts = text.replace("[", "").replace("]", "").split(",");
        int[] shape = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                shape[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw ApiProblem.badRequest(
                        "sampleShape",
                        "must be positive integers separated by commas, e.g. 1,28,28; got '" + text + "'");
            }
            if (shape[i] <= 0)
                throw ApiProblem.badRequest("sampleShape", "must be positive integers, got '" + text + "'");
        }
        return shape;
    }

    private ResponseEntity<DatasetView> respond(DatasetService.Stored stored) {
        DatasetView view = get(stored.dataset().getId());
        return stored.created()
                ? ResponseEntity.created(URI.create("/api/datasets/" + view.id()))
                        .body(view)
                : ResponseEntity.ok(view);
    }

    private static DatasetView view(DatasetRecord d, List<FileView> files) {
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
                d.getClassHistogram() == null ? null : JSON.readTree(d.getClassHistogram()),
                JSON.readTree(d.getOptions()),
                d.getSizeBytes(),
                d.getCreatedAt(),
                files);
    }
}
