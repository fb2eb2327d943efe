package dev.descent.platform.artifacts;

import dev.descent.platform.runs.RunQueries;
import dev.descent.platform.runs.RunStatus;
import dev.descent.platform.web.ApiProblem;
import java.util.List;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A run's artifacts, readable by whoever may read the run (as its metrics and {@code model.onnx} are); they change only
 * with the run itself, whose deletion its owner or an admin decides.
 */
@RestController
@RequestMapping("/api/runs/{id}")
class ArtifactsController {
    private final ArtifactStore store;
    private final RunQueries runs;

    ArtifactsController(ArtifactStore store, RunQueries runs) {
        this.store = store;
        this.runs = runs;
    }

    @GetMapping("/artifacts")
    List<ArtifactView> list(@PathVariable long id) {
        runs.requireExists(id);
        return store.list(id);
    }

    /** The artifact's bytes; its ETag is its SHA-256, so a client that has it gets a 304. */
    @GetMapping("/artifacts/{name}")
    ResponseEntity<Resource> download(@PathVariable long id, @PathVariable String name) {
        runs.requireExists(id);
        ArtifactStore.Stored a = store.find(id, name)
                .orElseThrow(() -> new ApiProblem(
                        HttpStatus.NOT_FOUND,
                        "name",
                        "run " + id + " has no artifact named '" + name + "'; GET /api/runs/" + id
                                + "/artifacts lists them"));
        return send(id, a);
    }

    /** The final weights; 404 saying why while the run has none. */
    @GetMapping("/model.safetensors")
    ResponseEntity<Resource> model(@PathVariable long id) {
        RunStatus status = runs.access(id).status();
        ArtifactStore.Stored a = store.find(id, ArtifactStore.MODEL_NAME)
                .filter(s -> s.view().kind() == ArtifactKind.MODEL)
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "id", noModel(id, status)));
        return send(id, a);
    }

    private static String noModel(long id, RunStatus status) {
        return switch (status) {
            case QUEUED, RUNNING ->
                "run " + id + " has no final model yet: it is " + status + ", and its weights are stored when it"
                        + " succeeds (its checkpoints so far: GET /api/runs/" + id + "/artifacts)";
            case SUCCEEDED -> "run " + id + " succeeded without a final model (its engine left no readable checkpoint)";
            case FAILED, CANCELLED ->
                "run " + id + " ended " + status + ", so it has no final model; its checkpoints, if any, are at GET"
                        + " /api/runs/" + id + "/artifacts";
        };
    }

    private static ResponseEntity<Resource> send(long id, ArtifactStore.Stored a) {
        // With an ETag set, Spring answers a matching If-None-Match with 304 and no body.
        Resource body = a.file() != null ? new FileSystemResource(a.file()) : new ByteArrayResource(a.content());
        return ResponseEntity.ok()
                .eTag(a.view().sha256())
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(a.view().size())
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"run-" + id + "-" + a.view().name() + "\"")
                .body(body);
    }
}
