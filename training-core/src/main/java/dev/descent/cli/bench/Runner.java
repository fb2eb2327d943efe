package dev.descent.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Times a workload's cases: warm-up samples (which also size each sample to at least {@code minSeconds},
 * so fast cases are not lost in timer noise), then {@code repeats} timed samples. Cases take turns
 * within a repeat rather than running back to back, so a burst of load from elsewhere on the machine
 * spreads over all of them instead of skewing one.
 */
public final class Runner {
    private final int warmup;
    private final int repeats;
    private final double minSeconds;
    private final Consumer<String> log;

    public Runner(int warmup, int repeats, double minSeconds, Consumer<String> log) {
        if (warmup < 0) throw new IllegalArgumentException("warm-up repeats must be >= 0, got " + warmup);
        if (repeats < 1) throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
        if (!(minSeconds > 0)) throw new IllegalArgumentException("minimum sample time must be > 0 s, got " + minSeconds);
        this.warmup = warmup;
        this.repeats = repeats;
        this.minSeconds = minSeconds;
        this.log = log;
    }

    public Map<String, CaseResult> run(Workload workload) {
        List<BenchCase> cases = workload.prepare();
        int[] runs = new int[cases.size()];
        for (int i = 0; i < cases.size(); i++) runs[i] = runsFor(sample(cases.get(i), 1));
        for (int w = 0; w < warmup; w++) {
            // Re-sized after every warm-up sample: the first ones ran interpreted or half-compiled.
            for (int i = 0; i < cases.size(); i++) runs[i] = runsFor(sample(cases.get(i), runs[i]));
        }
        double[][] seconds = new double[cases.size()][repeats];
        for (int r = 0; r < repeats; r++) {
            for (int i = 0; i < cases.size(); i++) seconds[i][r] = sample(cases.get(i), runs[i]);
        }
        Map<String, CaseResult> results = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            CaseResult res = CaseResult.of(cases.get(i), runs[i], seconds[i]);
            results.put(res.name(), res);
            lines.add(String.format("  %-44s %10.3f %-7s (median of %d, best %.3f)", res.name(), res.median(), res.unit(), repeats, res.best()));
        }
        lines.forEach(log);
        return results;
    }

    /** How many back-to-back runs make a sample of at least minSeconds, given the seconds one run took. */
    private int runsFor(double secondsPerRun) {
        return (int) Math.max(1, Math.min(1_000_000, Math.ceil(minSeconds / Math.max(secondsPerRun, 1e-9))));
    }

    /** Seconds per run, averaged over {@code runs} back-to-back runs. */
    private static double sample(BenchCase c, int runs) {
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) c.run().run();
        return (System.nanoTime() - start) / 1e9 / runs;
    }
}
