package dev.descent.platform.live;

import dev.descent.platform.runs.RunQueries;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
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
    SseEmitter stream(@PathVariable long id) {
        runs.requireExists(id);
        return streams.subscribe(id, () -> runs.get(id).statusEvent());
    }
}
