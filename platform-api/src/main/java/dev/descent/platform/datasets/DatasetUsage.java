package dev.descent.platform.datasets;

import java.util.List;

/**
 * Which queued or running runs use a dataset, asked before deleting it; the runs feature provides it (runs refer to
 * datasets, so datasets cannot depend on runs).
 */
public interface DatasetUsage {

    /** At most {@code limit} ids of QUEUED or RUNNING runs on the dataset, lowest first. */
    List<Long> activeRuns(long datasetId, int limit);
}
