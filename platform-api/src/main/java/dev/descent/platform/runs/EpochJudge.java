package dev.descent.platform.runs;

import java.util.Map;
import java.util.Optional;

/**
 * Decides at the end of each epoch whether a run goes on. Workers ask every judge; a sweep's early stopping (ASHA) is
 * one, declared here so that workers need not know sweeps.
 */
public interface EpochJudge {

    /**
     * @param epoch the epoch just ended (1-based)
     * @param latest the newest value of every metric the run has reported on this attempt
     * @return why the run must stop now ("stopped early by ASHA at epoch 3"), or empty to let it go on
     */
    Optional<String> afterEpoch(long runId, int epoch, long step, Map<String, Double> latest);
}
