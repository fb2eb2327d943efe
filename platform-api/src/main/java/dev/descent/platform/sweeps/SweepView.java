package dev.descent.platform.sweeps;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.descent.platform.runs.RunReason;
import dev.descent.platform.runs.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A sweep as the API shows it: what was asked, where its runs stand, the best so far, how much each swept parameter
 * mattered and, for a shoot-out, who won.
 *
 * @param kind grid, random or optimizer-shootout
 * @param goal maximize or minimize
 */
public record SweepView(
        long id,
        long experimentId,
        String name,
        String kind,
        SweepStatus status,
        String metric,
        String goal,
        JsonNode parameters,
        JsonNode earlyStopping,
        int maxRuns,
        long seed,
        Instant createdAt,
        List<SweepRun> runs,
        Best best,
        List<Importance.Score> importance,
        Shootout shootout) {

    /**
     * One run of the sweep.
     *
     * @param reason why it is in its status, in words ("stopped early by ASHA at epoch 3"), or null
     * @param statusReason the same as a {@link RunReason}, or null
     * @param params the swept parameters' values for this run, by dotted path
     * @param value the run's best value of the sweep's metric so far, or null
     * @param step the step of {@code value}, or null
     * @param rung the highest ASHA rung it reached, or null
     */
    public record SweepRun(
            long id,
            String name,
            RunStatus status,
            String reason,
            RunReason statusReason,
            Map<String, JsonNode> params,
            Double value,
            Long step,
            Integer rung,
            boolean stoppedEarly) {}

    public record Best(long runId, double value, long step) {}

    /**
     * The optimizer shoot-out's verdict.
     *
     * @param target the metric value that counts as reached: the request's, else the worst of the runs' best values
     *     (the level every run got to), so that "first to reach it" compares every optimizer
     * @param firstBySteps the optimizer that reached the target in the fewest steps, or null
     * @param firstBySeconds the optimizer that reached it in the least time since its run started, or null
     */
    public record Shootout(
            Double target,
            List<Ranked> ranking,
            List<LrPoint> lrRangeTest,
            String firstBySteps,
            String firstBySeconds) {}

    /** One optimizer's result, best first; {@code final} is its last value once it has ended, else null. */
    public record Ranked(
            String optimizer,
            long runId,
            Double lr,
            Double best,
            Double last,
            @JsonProperty("final") Double finalValue,
            Long stepsToTarget,
            Double secondsToTarget) {}

    public record LrPoint(String optimizer, double lr, double loss) {}
}
