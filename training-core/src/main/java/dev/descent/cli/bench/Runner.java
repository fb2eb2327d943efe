package dev.descent.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Times a workload's cases: warm-up samples (at least {@code warmup} of them, and at least a second's
 * worth), which also size each sample to last at least {@code minSeconds} so fast cases are not lost in
 * timer noise; then {@code repeats} timed samples. Cases take turns within a repeat rather than running
 * back to back, so a burst of load from elsewhere on the machine spreads over all of them instead of
 * skewing one.
 */
public final class Runner {
    /** Warm-up lasts at least this long per case (unless warm-up is off), however fast the case. */
    static final double MIN_WARMUP_SECONDS = 1.0;
    private static final int MAX_WARMUP_SAMPLES = 200;
    private final int warmup;
    private final int repeats;
    private final double minSeconds;
    private final long warmupNanos;
    private final Consumer<String> log;

    public Runner(int warmup, int repeats, double minSeconds, Consumer<String> log) {
        this(warmup, repeats, minSeconds, MIN_WARMUP_SECONDS, log);
    }

    Runner(int warmup, int repeats, double minSeconds, double minWarmupSeconds, Consumer<String> log) {
        if (warmup < 0) throw new IllegalArgumentException("warm-up repeats must be >= 0, got " + warmup);
        if (repeats < 1) throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
        if (!(minSeconds > 0)) throw new IllegalArgumentException("minimum sample time must be > 0 s, got " + minSeconds);
        this.warmup = warmup;
        this.repeats = repeats;
        this.minSeconds = minSeconds;
        this.warmupNanos = warmup == 0 ? 0 : (long) (minWarmupSeconds * 1e9);
        this.log = log;
    }

    public Map<String, CaseResult> run(Workload workload) {
        List<BenchCase> cases = workload.prepare();
        int[] runs = new int[cases.size()];
        for (int i = 0; i < cases.size(); i++) {
            BenchCase c = cases.get(i);
            runs[i] = runsFor(sample(c, 1));
            // Vector code runs boxed, many times slower, until C2 has compiled it, so warm-up lasts
            // a minimum time as well as a number of samples; samples are re-sized as the code speeds up.
            long start = System.nanoTime();
            for (int w = 0; w < warmup || (w < MAX_WARMUP_SAMPLES && System.nanoTime() - start < warmupNanos); w++) {
                runs[i] = runsFor(sample(c, runs[i]));
            }
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
