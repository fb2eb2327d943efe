package dev.descent.platform.models;

import dev.descent.platform.config.ApiProblem;
import dev.descent.platform.config.PageView;
import dev.descent.platform.config.Paging;
import dev.descent.train.BuiltinModels;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/models")
class ModelsController {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ModelService service;
    private final ModelRepository models;

    ModelsController(ModelService service, ModelRepository models) {
        this.service = service;
        this.models = models;
    }

    /**
     * {@code layers} and {@code outputShape} are inferred by building the spec; {@code versions} lists the name's
     * versions by id.
     */
    record ModelView(
            long id,
            String name,
            int version,
            JsonNode spec,
            long parameters,
            JsonNode outputShape,
            JsonNode layers,
            Instant createdAt,
            List<Version> versions) {
        record Version(long id, int version) {}

        static ModelView of(ModelConfig m, List<Version> versions) {
            JsonNode summary = JSON.readTree(m.getSummary());
            return new ModelView(
                    m.getId(),
                    m.getName(),
                    m.getVersion(),
                    JSON.readTree(m.getSpec()),
                    m.getParameters(),
                    summary.get("outputShape"),
                    summary.get("layers"),
                    m.getCreatedAt(),
                    versions);
        }
    }

    /** The body is a model spec; a spec whose name exists becomes that name's next version. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ModelView> create(@RequestBody JsonNode spec) {
        return respond(service.create(spec));
    }

    /** What building a spec infers (as {@link ModelView} without id and version); nothing is stored. */
    record PreviewView(String name, JsonNode spec, long parameters, JsonNode outputShape, JsonNode layers) {}

    /**
     * Checks a spec without storing it: its per-layer output shapes and parameters, or a 400 naming the layer and field
     * at fault. The web UI calls it as a spec is typed.
     */
    @PostMapping(path = "/validate", consumes = MediaType.APPLICATION_JSON_VALUE)
    PreviewView validate(@RequestBody JsonNode spec) {
        ModelService.Preview p = service.preview(spec);
        return new PreviewView(
                p.name(),
                p.spec(),
                p.summary().get("parameters").asLong(),
                p.summary().get("outputShape"),
                p.summary().get("layers"));
    }

    record BuiltinView(String name, JsonNode spec) {}

    /** The model specs that ship with Descent (the CLI's {@code --model} names), to start from. */
    @GetMapping("/builtins")
    List<BuiltinView> builtins() {
        return BuiltinModels.names().stream()
                .map(n -> new BuiltinView(n, JSON.readTree(BuiltinModels.json(n))))
                .toList();
    }

    @PostMapping(path = "/{id}/versions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ModelView> newVersion(@PathVariable long id, @RequestBody JsonNode spec) {
        return respond(service.newVersion(id, spec));
    }

    @PutMapping("/{id}")
    void replace(@PathVariable long id) {
        throw immutable(id);
    }

    @PatchMapping("/{id}")
    void edit(@PathVariable long id) {
        throw immutable(id);
    }

    @GetMapping
    PageView<ModelView> list(
            @RequestParam(required = false) String name,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        PageRequest request = Paging.of(page, size, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id")));
        Page<ModelConfig> found = name == null ? models.findAll(request) : models.findByName(name, request);
        return PageView.of(found, m -> ModelView.of(m, null));
    }

    @GetMapping("/{id}")
    ModelView get(@PathVariable long id) {
        ModelConfig m = models.findById(id).orElseThrow(() -> ApiProblem.notFound("id", "model", id));
        List<ModelView.Version> versions = models.findByNameOrderByVersion(m.getName()).stream()
                .map(v -> new ModelView.Version(v.getId(), v.getVersion()))
                .toList();
        return ModelView.of(m, versions);
    }

    private ResponseEntity<ModelView> respond(ModelService.Stored stored) {
        ModelView view = get(stored.model().getId());
        if (!stored.created()) return ResponseEntity.ok(view);
        return ResponseEntity.created(URI.create("/api/models/" + view.id())).body(view);
    }

    private static ApiProblem immutable(long id) {
        return new ApiProblem(
                HttpStatus.METHOD_NOT_ALLOWED,
                "id",
                "model configs are immutable; POST /api/models/" + id
                        + "/versions stores an edited spec as the next version");
    }
}
