package dev.descent.platform.workers;

import dev.descent.data.DataSplits;
import dev.descent.platform.datasets.DatasetLoader;
import dev.descent.platform.models.ModelConfig;
import dev.descent.platform.models.ModelService;
import dev.descent.platform.runs.ClaimedRun;
import dev.descent.spec.CancellationToken;
import dev.descent.spec.Checkpoint;
import dev.descent.spec.ConfigException;
import dev.descent.spec.TrainConfig;
import dev.descent.spec.TrainJob;
import dev.descent.spec.TrainResult;
import dev.descent.spec.TrainingEngine;
import dev.descent.spec.TrainingEngines;
import dev.descent.spec.TrainingListener;
import org.springframework.stereotype.Component;

/** Trains a claimed run with the training-core engine it names, on the data and model spec it refers to. */
@Component
class EngineRunTrainer implements RunTrainer {
    private final ModelService models;
    private final DatasetLoader datasets;

    EngineRunTrainer(ModelService models, DatasetLoader datasets) {
        this.models = models;
        this.datasets = datasets;
    }

    @Override
    public TrainResult train(
            ClaimedRun run, Checkpoint resumeFrom, TrainingListener listener, CancellationToken cancel) {
        ModelConfig model = models.find(run.modelId())
                .orElseThrow(() -> new ConfigException("modelId", "model " + run.modelId() + " no longer exists"));
        if (run.datasetId() == null) throw new ConfigException("datasetId", "the run's dataset was deleted");
        TrainConfig config = TrainConfig.fromJson(run.config());
        TrainingEngine engine = TrainingEngines.get(config.engine());
        DataSplits data = datasets.load(run.datasetId());
        return engine.train(new TrainJob(models.spec(model), config, data, resumeFrom), listener, cancel);
    }
}
