package dev.descent.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The time a run has trained so far, carried in checkpoints so that a resumed run's {@link TrainResult} covers every
 * epoch of every attempt: the seconds of each finished epoch, those already spent in the interrupted one, and the
 * samples and seconds its throughput is computed from.
 */
public record TrainClock(List<Double> epochSeconds, double epochSoFar, long samples, double seconds) {
    public static final TrainClock EMPTY = new TrainClock(List.of(), 0, 0, 0);

    public TrainClock {
        epochSeconds = List.copyOf(epochSeconds);
    }

    /** Writes {@code clock.*} into checkpoint metadata. */
    public void saveTo(Map<String, String> metadata) {
        metadata.put(
                "clock.epoch_seconds",
                epochSeconds.stream().map(d -> Double.toString(d)).collect(Collectors.joining(",")));
        metadata.put("clock.epoch_so_far", Double.toString(epochSoFar));
        metadata.put("clock.samples", Long.toString(samples));
        metadata.put("clock.seconds", Double.toString(seconds));
    }

    /** What {@link #saveTo} wrote; {@link #EMPTY} for a checkpoint from before clocks were saved. */
    public static TrainClock from(Map<String, String> metadata) {
        String epochs = metadata.get("clock.epoch_seconds");
        if (epochs == null) return EMPTY;
        try {
            List<Double> list = new ArrayList<>();
            Arrays.stream(epochs.split(",")).filter(s -> !s.isBlank()).forEach(s -> list.add(Double.parseDouble(s)));
            return new TrainClock(
                    list,
                    Double.parseDouble(metadata.getOrDefault("clock.epoch_so_far", "0")),
                    Long.parseLong(metadata.getOrDefault("clock.samples", "0")),
                    Double.parseDouble(metadata.getOrDefault("clock.seconds", "0")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint: clock.* is not numbers (" + e.getMessage() + ")");
        }
    }
}
