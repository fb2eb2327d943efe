package dev.descent.platform.experiments;

import dev.descent.platform.runs.RunQueries;
import dev.descent.platform.runs.RunView;
import dev.descent.platform.security.Ownership;
import dev.descent.platform.web.ApiProblem;
import dev.descent.platform.web.JsonFields;
import dev.descent.platform.web.PageView;
import dev.descent.platform.web.Paging;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
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
    ResponseEntity<ExperimentView> create(@RequestBody JsonNode body) {
        JsonFields f = JsonFields.of(body);
        f.allowOnly(List.of("name", "description"));
        String name = f.requiredString("name");
        if (name.length() > 200) throw ApiProblem.badRequest("name", "must be at most 200 characters");
        String description = f.has("description") ? f.optionalString("description", null) : null;
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH)
            throw ApiProblem.badRequest("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        if (experiments.existsByName(name))
            throw ApiProblem.conflict("name", "an experiment called '" + name + "' already exists");
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
        Experiment e = experiments.findById(id).orElseThrow(() -> ApiProblem.notFound("id", "experiment", id));
        return ExperimentView.of(e, runs.forExperiment(id));
    }
}
