package dev.descent.platform.metrics;

import dev.descent.platform.runs.RunQueries;
import dev.descent.platform.security.Ownership;
import dev.descent.platform.web.ApiProblem;
import dev.descent.spec.MetricPoint;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/runs/{id}")
class MetricsController {
    private final MetricWriter writer;
    private final MetricQueries queries;
    private final RunQueries runs;
    private final Ownership ownership;

    MetricsController(MetricWriter writer, MetricQueries queries, RunQueries runs, Ownership ownership) {
        this.ownership = ownership;
        this.writer = writer;
        this.queries = queries;
        this.runs = runs;
    }

    /**
     * Logs a batch {@code [{key, step, value, timestamp}]}; a point already stored is kept as it was. A worker's run is
     * logged by the worker holding its lease, an external run by its owner (or an admin); a finished run's metrics are
     * final.
     */
    @PostMapping(path = "/metrics", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> log(
            @PathVariable long id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            array =
                                                    @ArraySchema(
                                                            schema = @Schema(implementation = MetricPointSchema.class),
                                                            maxItems = MetricPointCodec.MAX_POINTS_PER_BATCH)))
                    @RequestBody
                    JsonNode body) {
        RunQueries.Access run = runs.access(id);
        OptionalLong lease = ownership.leaseRun();
        if (lease.isPresent() && lease.getAsLong() != id) {
            throw new ApiProblem(
                    HttpStatus.FORBIDDEN, "id", "this lease token holds run " + lease.getAsLong() + ", not run " + id);
        }
        if (lease.isEmpty()) ownership.requireCanChange(run.ownerId(), "run", id);
        if (run.status().isFinal())
            throw ApiProblem.conflict(
                    "id", "run " + id + " is " + run.status() + "; a finished run's metrics are final");
        // A worker's run has one writer, the worker holding its lease; a person logs only to a run of their own.
        if (lease.isEmpty() && !run.external()) {
            throw new ApiProblem(
                    HttpStatus.FORBIDDEN,
                    "id",
                    "run " + id + " is trained by a worker, which alone logs its metrics; log from your own script to"
                            + " an external run (POST /api/runs/external)");
        }
        List<MetricPoint> points = MetricPointCodec.readBatch(body);
        writer.write(id, points);
        return Map.of("runId", id, "received", points.size());
    }

    /** One key's series (downsampled past {@code maxPoints}), or every key's when no key is given. */
    @GetMapping("/metrics")
    Object series(
            @PathVariable long id,
            @RequestParam(required = false) List<String> key,
            @RequestParam(defaultValue = "1000") int maxPoints,
            @RequestParam(required = false) Long fromStep,
            @RequestParam(required = false) Long toStep) {
        runs.requireExists(id);
        if (maxPoints < 2 || maxPoints > 10_000)
            throw ApiProblem.badRequest("maxPoints", "must be between 2 and 10000, got " + maxPoints);
        if (fromStep != null && fromStep < 0) throw ApiProblem.badRequest("fromStep", "must be >= 0, got " + fromStep);
        if (fromStep != null && toStep != null && toStep < fromStep)
            throw ApiProblem.badRequest("toStep", "must be >= fromStep (" + fromStep + "), got " + toStep);
        if (key != null && key.size() == 1) return queries.series(id, key.getFirst(), maxPoints, fromStep, toStep);
        List<String> keys = key == null ? queries.keys(id) : key;
        return Map.of(
                "runId",
                id,
                "series",
                keys.stream()
                        .map(k -> queries.series(id, k, maxPoints, fromStep, toStep))
                        .toList());
    }

    /** Every point of the run as CSV ({@code key,step,value,timestamp}), streamed straight from PostgreSQL. */
    @GetMapping(path = "/metrics.csv", produces = "text/csv")
    ResponseEntity<StreamingResponseBody> csv(@PathVariable long id) {
        runs.requireExists(id);
        StreamingResponseBody body = out -> queries.csv(id, out);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"run-" + id + "-metrics.csv\"")
                .contentType(MediaType.parseMediaType("text/csv"))
                .body(body);
    }
}
