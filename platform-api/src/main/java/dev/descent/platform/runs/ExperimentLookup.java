package dev.descent.platform.runs;

/**
 * Whether an experiment exists, for checking a run's {@code experimentId} before anything else; the experiments feature
 * provides it (experiments list their runs, so they depend on runs, not the other way).
 */
public interface ExperimentLookup {

    boolean exists(long experimentId);
}
