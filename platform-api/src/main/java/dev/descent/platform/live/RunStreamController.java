package dev.descent.platform.live;

import dev.descent.platform.runs.RunQueries;
import dev.descent.platform.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
class RunStreamController {
    private final RunStreams streams;
    private final RunQueries runs;

    RunStreamController(RunStreams streams, RunQueries runs) {
        this.streams = streams;
        this.runs = runs;
    }

    /**
     * Server-Sent Events: {@code status} first (the run as it is now), then {@code metrics} batches and status changes;
     * the stream ends after the run's final status, or {@code DELETED}.
     */
    @GetMapping(path = "/api/runs/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(
            @PathVariable long id,
            @RequestParam(required = false) Long fromStep,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            HttpServletRequest request) {
        runs.requireExists(id);
        Long from = fromStep;
        if (from == null && lastEventId != null) {
            try {
                // The last event's step again: another key's point at that step may have come in a later batch.
                from = Long.parseLong(lastEventId.strip());
            } catch (NumberFormatException e) {
                throw ApiProblem.badRequest("Last-Event-ID", "must be a step number, got '" + lastEventId + "'");
            }
        }
        if (from != null && from < 0) throw ApiProblem.badRequest("fromStep", "must be >= 0, got " + from);
        return streams.subscribe(id, () -> runs.get(id).statusEvent(), from, request.getRemoteAddr());
    }
}
