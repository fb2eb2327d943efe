package dev.descent.platform.compare;

import dev.descent.platform.runs.RunStatus;
import dev.descent.platform.runs.RunView;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /api/compare} answers: runs side by side, each with its flattened parameters, its metric results and
 * its series of the asked keys on the shared axis {@code x}.
 *
 * @param differing the flattened parameters whose values are not the same in every run (a missing one counts as null)
 */
public record Comparison(String x, List<String> keys, List<String> differing, List<RunColumn> runs) {

    public record RunColumn(
            long id,
            String name,
            RunStatus status,
            Map<String, Object> params,
            Map<String, RunView.Result> metrics,
            Map<String, Series> series) {}

    /**
     * One key's buckets: parallel arrays, bucket i covering {@code bucketWidth} steps from the i-th x. An x is null
     * where it cannot be known (x=epoch before the run's first epoch ended with no epoch metric to go by).
     */
    public record Series(List<Double> x, List<Double> min, List<Double> max, List<Double> last, long bucketWidth) {}
}
