package dev.descent.platform.datasets;

import dev.descent.platform.web.ApiProblem;
import dev.descent.platform.web.PageView;
import dev.descent.platform.web.StorableJson;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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

@RestController
@RequestMapping("/api/datasets")
class DatasetsController {
    private final DatasetService service;
    private final DatasetSamples samples;

    DatasetsController(DatasetService service, DatasetSamples samples) {
        this.service = service;
        this.samples = samples;
    }

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
        if (name != null && name.length() > 200) throw ApiProblem.badRequest("name", "must be at most 200 characters");
        StorableJson.requireNoNul(name, "name");
        return respond(service.upload(name, files, sampleShape == null ? null : parseShape(sampleShape)));
    }

    /**
     * {@code {"source": "fashion-mnist"}}, {@code {"source": "synthetic", "kind": "spirals", ...}} or {@code {"source":
     * "url", "trainImages": ...}}.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DatasetView> fromSource(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = DatasetSource.class)))
                    @RequestBody
                    JsonNode body) {
        return respond(service.fromSource(body));
    }

    @GetMapping
    PageView<DatasetView> list(
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return service.list(page, size);
    }

    @GetMapping("/{id}")
    DatasetView get(@PathVariable long id) {
        return service.get(id);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        service.delete(id);
        return ResponseEntity.noContent().build();
    }

    /** Samples as the model sees them ({@code format=json}), or image samples as one PNG strip ({@code format=png}). */
    @GetMapping("/{id}/samples")
    ResponseEntity<?> samples(
            @PathVariable long id,
            @RequestParam(defaultValue = "train") String split,
            @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "16") int limit,
            @RequestParam(defaultValue = "json") String format) {
        return switch (samples.render(id, split, offset, limit, format)) {
            case DatasetSamples.Rendered.Png(byte[] image) ->
                ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(image);
            case DatasetSamples.Rendered.Json(DatasetSamples.Samples json) -> ResponseEntity.ok(json);
        };
    }

    private static int[] parseShape(String text) {
        String[] parts = text.replace("[", "").replace("]", "").split(",", -1);
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
        DatasetView view = service.get(stored.dataset().getId());
        return stored.created()
                ? ResponseEntity.created(URI.create("/api/datasets/" + view.id()))
                        .body(view)
                : ResponseEntity.ok(view);
    }
}
