package dev.descent.platform.sweeps;

import dev.descent.platform.web.PageView;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
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
import tools.jackson.databind.JsonNode;

/**
 * Hyperparameter sweeps and the optimizer shoot-out. Every run of an optimizer shoot-out starts from the same weights,
 * sees the same batches in the same order and draws the same dropout masks: they share the base config's seed, batch
 * size and validation split, and the engine derives everything random from the seed alone (the initial weights are
 * built from a generator seeded with it before the optimizer exists, the validation split and each epoch's batch order
 * from the seed and the epoch), so the optimizer is the only difference.
 */
@RestController
@RequestMapping("/api/sweeps")
class SweepsController {
    private final SweepService service;

    SweepsController(SweepService service) {
        this.service = service;
    }

    @Operation(
            summary = "Create a sweep: grid, random or optimizer-shootout",
            description = "Every generated run config is validated as POST /api/runs validates one before any run is"
                    + " queued; one bad value answers 400 with field parameters.<path>. A grid is the exact cross"
                    + " product; random draws are reproducible from seed. earlyStopping {type: asha, minResource,"
                    + " reductionFactor} stops a run at epoch minResource*eta^k unless it is in the top"
                    + " max(1, n/eta) of the n runs that reached that rung; it ends CANCELLED, 'stopped early by ASHA"
                    + " at epoch N'. An optimizer-shootout runs every optimizer from the same seed, batch size and"
                    + " validation split, so from bit-identical initial weights, the same data split, batch order and"
                    + " dropout masks: the engine builds the weights from a generator seeded with the seed before the"
                    + " optimizer exists, and draws the split and each epoch's order from the seed. lrs \"auto\" runs"
                    + " a learning-rate range test per optimizer first (Smith 2017; curve in shootout.lrRangeTest).")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SweepView> create(@RequestBody JsonNode body) {
        SweepView sweep = service.create(body);
        return ResponseEntity.created(URI.create("/api/sweeps/" + sweep.id())).body(sweep);
    }

    @PostMapping(path = "/preview", consumes = MediaType.APPLICATION_JSON_VALUE)
    SweepService.Preview preview(@RequestBody JsonNode body) {
        return service.preview(body);
    }

    @GetMapping
    PageView<SweepView> list(
            @RequestParam(required = false) Long experimentId,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        return service.list(experimentId, page, size);
    }

    @GetMapping("/{id}")
    SweepView get(@PathVariable long id) {
        return service.get(id);
    }

    @PostMapping("/{id}/cancel")
    SweepView cancel(@PathVariable long id) {
        return service.cancel(id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        service.delete(id);
    }
}
