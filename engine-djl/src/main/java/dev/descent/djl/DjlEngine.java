package dev.descent.djl;

import dev.descent.djl.optim.DjlOptimizer;
import dev.descent.optim.Schedules;
import dev.descent.spec.CancellationToken;
import dev.descent.spec.ConfigException;
import dev.descent.spec.ModelPlan;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.TrainConfig;
import dev.descent.spec.TrainJob;
import dev.descent.spec.TrainResult;
import dev.descent.spec.TrainingEngine;
import dev.descent.spec.TrainingListener;

/**
 * The {@code djl} engine: trains a model spec with libtorch 2.7.1 (CPU) through DJL 0.36's PyTorch engine. The natives
 * ship in Maven Central jars on the class path; nothing is downloaded (see {@link DjlRuntime}). It trains a spec and
 * config exactly as the native engine does (see {@link DjlTrainer}): the same checks, option names, defaults and
 * conventions, all training-core's. Every layer type runs; the optimizers are those of {@link DjlOptimizer#TYPES} (not
 * lbfgs); the device is the CPU.
 */
public final class DjlEngine implements TrainingEngine {

    @Override
    public String name() {
        return "djl";
    }

    @Override
    public boolean isAvailable() {
        return DjlRuntime.unavailableReason() == null;
    }

    /** Null when libtorch loads here; otherwise one line, "djl engine unavailable: ...". */
    public static String unavailableReason() {
        return DjlRuntime.unavailableReason();
    }

    /**
     * Checks the spec's shapes and layer types, the optimizer and its options, the schedule and the device
     * (training-core's checks), without touching libtorch.
     */
    @Override
    public void validate(ModelSpec spec, TrainConfig config) {
        check(spec, config);
    }

    /** What {@link #validate} checks; returns the plan, so that training plans the spec once. */
    private static ModelPlan check(ModelSpec spec, TrainConfig config) {
        ModelPlan plan = Net.check(spec);
        DjlOptimizer.validate(config.optimizer());
        if (config.schedule() != null) Schedules.validate(config.schedule());
        if (config.device().equals("cuda")) {
            throw new ConfigException(
                    "device",
                    "the djl engine bundles CPU libtorch only (pytorch-native-cpu); use device 'cpu' or 'auto'");
        }
        return plan;
    }

    @Override
    public TrainResult train(TrainJob job, TrainingListener listener, CancellationToken cancel) {
        ModelPlan plan = check(job.model(), job.config());
        String reason = DjlRuntime.unavailableReason();
        if (reason != null) throw new IllegalStateException(reason);
        return new DjlTrainer(job, plan, listener, cancel).run();
    }
}
