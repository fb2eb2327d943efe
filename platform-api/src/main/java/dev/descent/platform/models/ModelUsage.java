package dev.descent.platform.models;

import java.util.List;

/**
 * Which runs use a model, asked before deleting it; the runs feature provides it (runs refer to models, so models
 * cannot depend on runs), as it does {@code datasets.DatasetUsage} for datasets.
 */
public interface ModelUsage {

    /** At most {@code limit} ids of runs, in any status, that train or trained model {@code modelId}, lowest first. */
    List<Long> runsOf(long modelId, int limit);
}
