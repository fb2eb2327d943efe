package dev.descent.djl;

import dev.descent.djl.optim.DjlOptimizer;
import dev.descent.train.CancellationToken;
import dev.descent.train.ConfigException;
import dev.descent.train.ModelSpec;
import dev.descent.train.TrainConfig;
import dev.descent.train.TrainJob;
import dev.descent.train.TrainResult;
import dev.descent.train.TrainingEngine;
import dev.descent.train.TrainingListener;

/**
 * The {@code djl} engine: trains a model spec with libtorch 2.7.1 (CPU) through DJL 0.36's PyTorch engine.
 * The natives ship in Maven Central jars on the class path; nothing is downloaded (see {@link DjlRuntime}).
 * Every layer type of the spec runs; the optimizers are those of {@link DjlOptimizer#TYPES}; device is the CPU.
 */
public final class DjlEngine implements TrainingEngine {

    @Override public String name() { return "djl"; }

    @Override public boolean isAvailable() { return DjlRuntime.unavailableReason() == null; }

    /** Null when libtorch loads here; otherwise one line, "djl engine unavailable: ...". */
    public static String unavailableReason() { return DjlRuntime.unavailableReason(); }

    /** Checks the spec's shapes and layer types, the optimizer and its options, the schedule and the device, without touching libtorch. */
    @Override public void validate(ModelSpec spec, TrainConfig config) {
        NetPlan.of(spec);
        DjlOptimizer.of(config.optimizer());
        new Schedule(config.optimizer().lr(), config.schedule(), config.epochs());
        if (config.device().equals("cuda")) {
            throw new ConfigException("device", "the djl engine bundles CPU libtorch only (pytorch-native-cpu); use device 'cpu' or 'auto'");
        }
    }

    @Override public TrainResult train(TrainJob job, TrainingListener listener, CancellationToken cancel) {
        validate(job.model(), job.config());
        String reason = DjlRuntime.unavailableReason();
        if (reason != null) throw new IllegalStateException(reason);
        return new DjlTrainer(job, listener, cancel).run();
    }
}
