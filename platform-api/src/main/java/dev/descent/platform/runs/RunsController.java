package dev.descent.platform.runs;

import dev.descent.platform.web.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/runs")
class RunsController {
    static final String FILTER_DOC = """
            Lists runs, filtered by `filter` and sorted by `sort` (`field` or `field,asc|desc`, nulls last), where a \
            field is a column (id, name, status, engine, device, worker, experiment, experimentId, dataset, datasetId, \
            model, modelId, priority, attempt, attempts, note, error, created, queued, started, finished, duration), \
            `metrics.<key>` (the key's last value), `params.<dotted.path>` (the train config: `params.optimizer.lr`) \
            or `tags.<key>` (the value of a `key=value` tag).

            The filter language: comparisons `field op value` with op one of `= != < <= > >= ~` (`~` contains, \
            ignoring case), `field in (v1, v2)`, `field is [not] null`, `tag = 'label'` (has the tag), joined by \
            `and`, `or`, `not` and parentheses. Values are 'single-quoted strings' ('' for a quote), numbers, true or \
            false; dates are strings ('2026-12-01' or '2026-12-01T10:00:00Z'). A run lacking a field never matches a \
            comparison on it. Example: `params.optimizer.type = 'adam' and metrics.val/accuracy > 0.85 and \
            tags.owner = 'ana' or status in ('RUNNING','QUEUED')`. A bad filter answers 400 with `position` (0-based \
            offset in the filter) and `expected`.""";

    private final RunService service;
    private final RunQueries queries;

    RunsController(RunService service, RunQueries queries) {
        this.service = service;
        this.queries = queries;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RunView> create(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = RunRequest.class)))
                    @RequestBody
                    JsonNode body) {
        RunView run = service.create(body);
        return ResponseEntity.created(URI.create("/api/runs/" + run.id())).body(run);
    }

    /** A run logged from its owner's own training script: RUNNING at once, never claimed by a worker. */
    @PostMapping(path = "/external", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RunView> createExternal(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = ExternalRunRequest.class)))
                    @RequestBody
                    JsonNode body) {
        RunView run = service.createExternal(body);
        return ResponseEntity.created(URI.create("/api/runs/" + run.id())).body(run);
    }

    /** Ends an external run: {@code {"status": "SUCCEEDED" | "FAILED", "summary": "..."}}. */
    @PostMapping(path = "/{id}/finish", consumes = MediaType.APPLICATION_JSON_VALUE)
    RunView finish(
            @PathVariable long id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = FinishRequest.class)))
                    @RequestBody
                    JsonNode body) {
        return service.finishExternal(id, body);
    }

    @Operation(description = FILTER_DOC)
    @GetMapping
    PageView<RunView> list(
            @Parameter(description = "a filter expression (see the endpoint's description)")
                    @RequestParam(required = false)
                    String filter,
            @RequestParam(required = false) Long experimentId,
            @RequestParam(required = false) List<String> status,
            @RequestParam(required = false) Long modelId,
            @RequestParam(required = false) Long datasetId,
            @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        List<RunStatus> statuses = status == null
                ? null
                : status.stream().map(s -> RunStatus.parse(s, "status")).toList();
        return queries.list(
                new RunQueries.Filter(experimentId, statuses, modelId, datasetId), filter, sort, page, size);
    }

    @GetMapping("/{id}")
    RunView get(@PathVariable long id) {
        return queries.get(id);
    }

    @PostMapping("/{id}/cancel")
    ResponseEntity<RunView> cancel(@PathVariable long id) {
        RunView run = service.cancel(id);
        // A running run stops a moment later, on its worker.
        return ResponseEntity.status(run.status() == RunStatus.CANCELLED ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(run);
    }

    @PostMapping("/{id}/clone")
    ResponseEntity<RunView> cloneRun(
            @PathVariable long id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            description = "The fields to change, any of RunRequest's; objects such as optimizer are"
                                    + " merged into the original's.",
                            content = @Content(schema = @Schema(implementation = RunRequest.class)))
                    @RequestBody(required = false)
                    JsonNode changes) {
        RunView run = service.cloneRun(id, changes);
        return ResponseEntity.created(URI.create("/api/runs/" + run.id())).body(run);
    }

    /** Renames a run, sets its tags or its note: {@code {"name"?, "tags"?, "note"?}} (its owner or an admin). */
    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    RunView annotate(
            @PathVariable long id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = RunPatch.class)))
                    @RequestBody
                    JsonNode body) {
        return service.annotate(id, body);
    }

    @GetMapping("/{id}/attempts")
    List<RunAttempt> attempts(@PathVariable long id) {
        return queries.attempts(id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        service.delete(id);
    }
}
