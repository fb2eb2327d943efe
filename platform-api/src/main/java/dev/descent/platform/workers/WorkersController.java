package dev.descent.platform.workers;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class WorkersController {
    private final WorkerRegistry registry;

    WorkersController(WorkerRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("/api/workers")
    List<WorkerRegistry.WorkerView> list() {
        return registry.list();
    }
}
