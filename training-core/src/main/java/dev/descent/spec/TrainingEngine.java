package dev.descent.spec;

/**
 * Trains a model spec with a train config. {@code native} trains with training-core; {@code djl} with libtorch through
 * DJL. Engines are found with {@link java.util.ServiceLoader} (see {@link TrainingEngines}).
 */
public interface TrainingEngine {

    /** "native", "djl". */
    String name();

    /** Whether this engine can run here (its native libraries load, its device exists). */
    default boolean isAvailable() {
        return true;
    }

    /**
     * Checks, before any work, that this engine can run this spec and config; throws a {@link ConfigException} naming
     * the field it cannot handle (a layer type, an optimizer, a device).
     */
    void validate(ModelSpec spec, TrainConfig config);

    /**
     * Trains to the end, to cancellation, to divergence or to early stopping, reporting through the listener. The run
     * checks {@code cancel} every batch.
     */
    TrainResult train(TrainJob job, TrainingListener listener, CancellationToken cancel);
}
