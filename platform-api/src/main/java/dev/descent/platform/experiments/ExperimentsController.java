package dev.descent.platform.experiments;

import dev.descent.platform.runs.RunQueries;
import dev.descent.platform.runs.RunView;
import dev.descent.platform.security.Ownership;
import dev.descent.platform.web.ApiProblem;
import dev.descent.platform.web.JsonFields;
import dev.descent.platform.web.PageView;
import dev.descent.platform.web.Paging;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/experiments")
class ExperimentsController {
    static final int MAX_DESCRIPTION_LENGTH = 10_000;

    private final ExperimentRepository experiments;
    private final RunQueries runs;
    private final Ownership ownership;

    ExperimentsController(ExperimentRepository experiments, RunQueries runs, Ownership ownership) {
        this.experiments = experiments;
        this.runs = runs;
        this.ownership = ownership;
    }

    record ExperimentView(long id, String name, String description, Instant createdAt, List<RunView> runs) {
        static ExperimentView of(Experiment e, List<RunView> runs) {
            return new ExperimentView(e.getId(), e.getName(), e.getDescription(), e.getCreatedAt(), runs);
        }
    }

    @PostMapping
    ResponseEntity<ExperimentView> create(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = ExperimentRequest.class)))
                    @RequestBody
                    JsonNode body) {
        JsonFields f = JsonFields.of(body);
        f.allowOnly(ExperimentRequest.class);
        String name = checkName(f.requiredString("name"), null);
        String description = checkDescription(f.has("description") ? f.optionalString("description", null) : null);
        Experiment e = experiments.save(new Experiment(name, description, ownership.ownerForNew()));
        return ResponseEntity.created(URI.create("/api/experiments/" + e.getId()))
                .body(ExperimentView.of(e, List.of()));
    }

    /** Experiments, newest first, without their runs. */
    @GetMapping
    PageView<ExperimentView> list(
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return PageView.of(
                experiments.findAll(
                        Paging.of(page, size, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id")))),
                e -> ExperimentView.of(e, null));
    }

    @GetMapping("/{id}")
    ExperimentView get(@PathVariable long id) {
        return ExperimentView.of(find(id), runs.forExperiment(id));
    }

    /** Renames an experiment or changes its description: {@code {"name": ..., "description": ...}}, either or both. */
    @PatchMapping("/{id}")
    ExperimentView edit(
            @PathVariable long id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = ExperimentRequest.class)))
                    @RequestBody
                    JsonNode body) {
        Experiment e = find(id);
        ownership.requireCanChange(e.getOwnerId(), "experiment", id);
        JsonFields f = JsonFields.of(body);
        f.allowOnly(ExperimentRequest.class);
        if (f.has("name")) e.rename(checkName(f.requiredString("name"), id));
        if (f.has("description")) e.describe(checkDescription(f.optionalString("description", null)));
        return ExperimentView.of(experiments.save(e), runs.forExperiment(id));
    }

    /** Deletes an experiment that has no runs; one with runs is refused with 409 naming them. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        Experiment e = find(id);
        ownership.requireCanChange(e.getOwnerId(), "experiment", id);
        List<RunView> left = runs.forExperiment(id);
        if (!left.isEmpty()) {
            throw ApiProblem.conflict(
                    "id",
                    "experiment " + id + " still has runs "
                            + left.stream().map(r -> String.valueOf(r.id())).collect(Collectors.joining(", "))
                            + "; delete them first (DELETE /api/runs/{id})");
        }
        experiments.delete(e);
        return ResponseEntity.noContent().build();
    }

    private Experiment find(long id) {
        return experiments.findById(id).orElseThrow(() -> ApiProblem.notFound("id", "experiment", id));
    }

    private static String checkDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH)
            throw ApiProblem.badRequest("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        return description;
    }

    private String checkName(String name, Long self) {
        if (name.isBlank()) throw ApiProblem.badRequest("name", "must not be blank");
        if (name.length() > 200) throw ApiProblem.badRequest("name", "must be at most 200 characters");
        Experiment same = experiments.findByName(name).orElse(null);
        if (same != null && !same.getId().equals(self))
            throw ApiProblem.conflict("name", "an experiment called '" + name + "' already exists");
        return name;
    }
}
