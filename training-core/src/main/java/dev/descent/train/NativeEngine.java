package dev.descent.train;

import dev.descent.backend.Backend;
import dev.descent.backend.Backends;
import dev.descent.optim.Optimizers;
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

/** The {@code native} engine: trains with training-core's own tensors, autograd and kernels. */
public final class NativeEngine implements TrainingEngine {
    private final Trainer.Mode mode;

    /** Eager steps: what {@link java.util.ServiceLoader} finds. */
    public NativeEngine() {
        this(Trainer.Mode.EAGER);
    }

    /** Steps in {@code mode}: {@code descent train --mode graph} traces and replays them. */
    public NativeEngine(Trainer.Mode mode) {
        this.mode = mode;
    }

    @Override
    public String name() {
        return "native";
    }

    @Override
    public void validate(ModelSpec spec, TrainConfig config) {
        check(spec, config);
    }

    /** What {@link #validate} checks; returns the plan, so that training plans the spec once. */
    private static ModelPlan check(ModelSpec spec, TrainConfig config) {
        ModelPlan plan = ModelPlan.of(spec);
        Optimizers.validate(config.optimizer());
        if (config.schedule() != null) Schedules.validate(config.schedule());
        try {
            Backends.forDevice(config.device());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigException("device", e.getMessage());
        }
        return plan;
    }

    @Override
    @SuppressWarnings("try") // the scope is only closed, never read
    public TrainResult train(TrainJob job, TrainingListener listener, CancellationToken cancel) {
        ModelPlan plan = check(job.model(), job.config());
        // Tensors are made on the default backend (the model's parameters, every batch), so the run's device is the
        // default of its thread, and of the data loader's threads it starts, while it trains.
        Backend device = Backends.forDevice(job.config().device());
        try (Backends.Scope ignored = Backends.use(device)) {
            TrainResult result = new Trainer(job, plan, listener, cancel, mode).run();
            device.synchronize();
            return result;
        }
    }
}
