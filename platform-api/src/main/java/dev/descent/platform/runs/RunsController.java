package dev.descent.platform.runs;

import dev.descent.platform.config.PageView;
import dev.descent.platform.live.RunEvents;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@RestController
@RequestMapping("/api/runs")
class RunsController {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RunService service;
    private final RunQueries queries;
    private final RunEvents events;

    RunsController(RunService service, RunQueries queries, RunEvents events) {
        this.service = service;
        this.queries = queries;
        this.events = events;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RunView> create(@RequestBody JsonNode body) {
        RunView run = service.create(body);
        return ResponseEntity.created(URI.create("/api/runs/" + run.id())).body(run);
    }

    @GetMapping
    PageView<RunView> list(
            @RequestParam(required = false) Long experimentId,
            @RequestParam(required = false) List<String> status,
            @RequestParam(required = false) Long modelId,
            @RequestParam(required = false) Long datasetId,
            @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        return queries.list(new RunQueries.Filter(experimentId, status, modelId, datasetId), sort, page, size);
    }

    @GetMapping("/{id}")
    RunView get(@PathVariable long id) {
        return queries.get(id);
    }

    @PostMapping("/{id}/cancel")
    ResponseEntity<RunView> cancel(@PathVariable long id) {
        RunView run = service.cancel(id);
        // A running run stops a moment later, on its worker.
        return ResponseEntity.status(run.status().equals("CANCELLED") ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(run);
    }

    @PostMapping("/{id}/clone")
    ResponseEntity<RunView> cloneRun(@PathVariable long id, @RequestBody(required = false) JsonNode changes) {
        RunView run = service.cloneRun(id, changes);
        return ResponseEntity.created(URI.create("/api/runs/" + run.id())).body(run);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        service.delete(id);
    }

    /**
     * Server-Sent Events: {@code status} first (the run as it is now), then {@code metrics} batches and status changes.
     */
    @GetMapping(path = "/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@PathVariable long id) {
        queries.get(id);
        return events.subscribe(id, () -> {
            RunView run = queries.get(id);
            ObjectNode status = JSON.createObjectNode();
            status.put("status", run.status());
            status.put("attempt", run.attempt());
            if (run.workerId() != null) status.put("workerId", run.workerId());
            if (run.error() != null) status.put("error", run.error());
            status.put("cancelRequested", run.cancelRequested());
            return status;
        });
    }
}
