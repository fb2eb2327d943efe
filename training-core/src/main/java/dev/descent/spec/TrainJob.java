package dev.descent.spec;

import dev.descent.data.DataSplits;

/**
 * Everything an engine needs to train: the model spec, the config, the data, and a checkpoint to resume from (or null).
 */
public record TrainJob(ModelSpec model, TrainConfig config, DataSplits data, Checkpoint resumeFrom) {
    public TrainJob {
        if (model == null) throw new IllegalArgumentException("a train job needs a model spec");
        if (config == null) throw new IllegalArgumentException("a train job needs a train config");
        if (data == null) throw new IllegalArgumentException("a train job needs data");
    }
}
