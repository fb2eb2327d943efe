package dev.descent.cli.bench;

/**
 * The native engine in graph mode ({@code descent train --mode graph}) as a bench column, so {@code descent bench
 * --mode eager,graph} times both modes on the same work, taking turns.
 */
public final class NativeGraphBenchTarget extends NativeBenchTarget {
    /** The column's name; {@link TrainingWorkload} trains it with {@code NativeEngine(Mode.GRAPH)}. */
    public static final String NAME = "native-graph";

    @Override
    public String name() {
        return NAME;
    }
}
