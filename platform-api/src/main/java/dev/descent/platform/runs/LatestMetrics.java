package dev.descent.platform.runs;

import java.util.List;
import java.util.Map;

/** The newest and best value of each metric of some runs, for run listings; the metrics feature provides it. */
public interface LatestMetrics {

    /** By run id, then by key (sorted); runs with no metrics are absent. */
    Map<Long, Map<String, RunView.Summary>> of(List<Long> runIds);
}
