package dev.descent.cli.bench;

import java.util.List;
import java.util.Map;

/**
 * One benchmark workload of {@code descent bench}: a named set of timed cases, whose inputs are prepared once, up
 * front. Adding a workload is a small class plus a line in {@link Workloads}.
 */
public interface Workload {

    /** The name given to {@code --workload}. */
    String name();

    /** One line for {@code --help} and the JSON report. */
    String description();

    /** Allocates the inputs and returns the cases to time; called once, before any timing. */
    List<BenchCase> prepare();

    /** Figures computed from the cases' results (a ratio between two cases, say); none by default. */
    default Map<String, Double> derived(Map<String, CaseResult> results) {
        return Map.of();
    }
}
