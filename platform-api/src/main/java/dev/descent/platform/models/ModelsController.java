package dev.descent.platform.models;

import dev.descent.platform.web.ApiProblem;
import dev.descent.platform.web.PageView;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/models")
class ModelsController {
    private final ModelService service;

    ModelsController(ModelService service) {
        this.service = service;
    }

    /** The body is a model spec; a spec whose name exists becomes that name's next version. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ModelView> create(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = ModelSpecSchema.class)))
                    @RequestBody
                    JsonNode spec) {
        return respond(service.create(spec));
    }

    /** What building a spec infers (as {@link ModelView} without id and version); nothing is stored. */
    record PreviewView(String name, JsonNode spec, long parameters, JsonNode outputShape, JsonNode layers) {}

    /**
     * Checks a spec without storing it: its per-layer output shapes and parameters, or a 400 naming the layer and field
     * at fault. The web UI calls it as a spec is typed.
     */
    @PostMapping(path = "/validate", consumes = MediaType.APPLICATION_JSON_VALUE)
    PreviewView validate(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = ModelSpecSchema.class)))
                    @RequestBody
                    JsonNode spec) {
        ModelService.Preview p = service.preview(spec);
        return new PreviewView(
                p.name(),
                p.spec(),
                p.summary().get("parameters").asLong(),
                p.summary().get("outputShape"),
                p.summary().get("layers"));
    }

    /** The model specs that ship with Descent (the CLI's {@code --model} names), to start from. */
    @GetMapping("/builtins")
    List<ModelService.Builtin> builtins() {
        return service.builtins();
    }

    @PostMapping(path = "/{id}/versions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ModelView> newVersion(
            @PathVariable long id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = ModelSpecSchema.class)))
                    @RequestBody
                    JsonNode spec) {
        return respond(service.newVersion(id, spec));
    }

    @PutMapping("/{id}")
    void replace(@PathVariable long id) {
        throw immutable(id);
    }

    /** Renames the model (every version of its name): {@code {"name": "..."}}; its specs stay as they were. */
    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ModelView rename(
            @PathVariable long id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = ModelRename.class)))
                    @RequestBody
                    JsonNode body) {
        return service.rename(id, body);
    }

    /** Deletes one version; refused with 409 naming the runs that use it. */
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        service.delete(id);
    }

    @GetMapping
    PageView<ModelView> list(
            @RequestParam(required = false) String name,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return service.list(name, page, size);
    }

    @GetMapping("/{id}")
    ModelView get(@PathVariable long id) {
        return service.get(id);
    }

    private ResponseEntity<ModelView> respond(ModelService.Stored stored) {
        ModelView view = service.get(stored.model().getId());
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
