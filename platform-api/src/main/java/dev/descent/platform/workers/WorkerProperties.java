package dev.descent.platform.workers;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether this process trains (the API process runs one worker by default)
 * @param count how many workers this process runs, each training one run at a time
 * @param gpu {@code auto} asks nvidia-smi; {@code none} declares no GPU; anything else is the GPU's name
 * @param gpuMemoryMb the declared GPU's memory, when {@code gpu} names one
 * @param shutdownTimeout how long a stopping worker waits for its run to checkpoint before giving up on it
 */
@ConfigurationProperties("descent.worker")
public record WorkerProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1") int count,
        @DefaultValue("auto") String gpu,
        Long gpuMemoryMb,
        @DefaultValue("30s") Duration shutdownTimeout) {
    public WorkerProperties {
        if (count < 0) throw new IllegalArgumentException("descent.worker.count must be >= 0, got " + count);
        if (gpu == null || gpu.isBlank())
            throw new IllegalArgumentException("descent.worker.gpu must be auto, none or a GPU's name");
    }
}
