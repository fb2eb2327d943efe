package dev.descent.spec;

import java.util.List;
import java.util.Map;

/**
 * How a run ended. {@code metrics} holds the final values by key ({@code test/accuracy}, {@code test/loss},
 * {@code val/loss}...); {@code message} explains a stop ("diverged at step 812", "cancelled: ...").
 */
public record TrainResult(
        Status status,
        String message,
        int epochs,
        long steps,
        List<Double> epochSeconds,
        double samplesPerSecond,
        long parameters,
        Map<String, Double> metrics) {

    public enum Status {
        SUCCEEDED,
        CANCELLED,
        DIVERGED,
        EARLY_STOPPED
    }

    public TrainResult {
        epochSeconds = List.copyOf(epochSeconds);
        metrics = Map.copyOf(metrics);
    }
}
