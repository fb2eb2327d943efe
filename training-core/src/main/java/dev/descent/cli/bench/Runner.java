package dev.descent.cli.bench;

import dev.descent.backend.Backends;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Times a workload's cases: warm-up samples (at least {@code warmup} of them, at least two seconds' worth, and until
 * the timing and the JIT have settled), which also size each sample to last at least {@code minSeconds} so fast cases
 * are not lost in timer noise; then {@code repeats} timed samples. Cases take turns within a repeat rather than running
 * back to back, so a burst of load from elsewhere on the machine spreads over all of them instead of skewing one.
 */
public final class Runner {
    /** Warm-up lasts at least this long per case (unless warm-up is off), however fast the case. */
    static final double MIN_WARMUP_SECONDS = 2.0;
    /** Warm-up gives up waiting for two agreeing samples after this long. */
    private static final long MAX_WARMUP_NANOS = 20_000_000_000L;
    /** Two consecutive warm-up samples within this fraction of each other count as steady. */
    private static final double STEADY = 0.2;

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
        if (!(minSeconds > 0))
            throw new IllegalArgumentException("minimum sample time must be > 0 s, got " + minSeconds);
        this.warmup = warmup;
        this.repeats = repeats;
        this.minSeconds = minSeconds;
        this.warmupNanos = (long) (minWarmupSeconds * 1e9);
        this.log = log;
    }

    public Map<String, CaseResult> run(Workload workload) {
        List<BenchCase> cases = workload.prepare();
        int[] runs = new int[cases.size()];
        for (int i = 0; i < cases.size(); i++) {
            BenchCase c = cases.get(i);
            runs[i] = runsFor(sample(c, 1));
            // Vector API code runs boxed - 50 to 1000 times slower - until C2 compiles it, which can take
            // seconds on a busy machine, and code compiled by C1 alone runs at a steady but slow pace. So
            // warm-up goes on, re-sizing samples as the code speeds up, for at least `warmup` samples and a
            // minimum time, and until two samples in a row agree with no compilation in between.
            long start = System.nanoTime();
            double previous = Double.POSITIVE_INFINITY;
            for (int w = 0; warmup > 0; w++) {
                long compiling = compilationMillis();
                double secondsPerRun = sample(c, runs[i]);
                runs[i] = runsFor(secondsPerRun);
                long elapsed = System.nanoTime() - start;
                boolean steady = Math.abs(secondsPerRun - previous) <= STEADY * Math.min(secondsPerRun, previous)
                        && compilationMillis() == compiling;
                previous = secondsPerRun;
                if (w + 1 >= warmup && ((elapsed >= warmupNanos && steady) || elapsed >= MAX_WARMUP_NANOS)) break;
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
            lines.add(String.format(
                    "  %-44s %10.3f %-7s (median of %d, best %.3f)",
                    res.name(), res.median(), res.unit(), repeats, res.best()));
        }
        lines.forEach(log);
        return results;
    }

    /** Milliseconds the JIT compilers have worked so far (a constant where the JVM cannot tell). */
    private static long compilationMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** How many back-to-back runs make a sample of at least minSeconds, given the seconds one run took. */
    private int runsFor(double secondsPerRun) {
        return (int) Math.max(1, Math.min(1_000_000, Math.ceil(minSeconds / Math.max(secondsPerRun, 1e-9))));
    }

    /** Seconds per run, averaged over {@code runs} back-to-back runs. */
    private static double sample(BenchCase c, int runs) {
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) c.run().run();
        Backends.getDefault().synchronize(); // a GPU backend only queues the work: the clock stops when it is done
        return (System.nanoTime() - start) / 1e9 / runs;
    }
}
