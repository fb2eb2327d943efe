package dev.descent.platform.datasets;

import dev.descent.data.DataSplits;

/** Turns a stored dataset into the splits a training run reads. */
public interface DatasetLoader {

    DataSplits load(long datasetId);
}
