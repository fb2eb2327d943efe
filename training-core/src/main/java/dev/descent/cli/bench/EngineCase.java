package dev.descent.cli.bench;

import java.util.Map;

/**
 * One figure of {@code descent bench --engines}, measured on each engine: {@code samples} maps an engine's name to what
 * measures it, in {@code unit}.
 */
public record EngineCase(String name, String unit, boolean higherIsBetter, Map<String, Sample> samples) {

    public EngineCase {
        samples = Map.copyOf(samples);
    }

    /** Measures once and returns the figure; closing frees what the engine holds for it. */
    public interface Sample extends AutoCloseable {
        double measure();

        @Override
        default void close() {}
    }
}
