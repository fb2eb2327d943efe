package dev.descent.cli.bench;

import java.util.Arrays;

/**
 * The timing of one case: a figure per repeat (each repeat runs the case {@code runsPerSample} times and divides),
 * their median, and the seconds one run took at that median.
 */
public record CaseResult(
        String name,
        String unit,
        boolean higherIsBetter,
        int runsPerSample,
        double[] samples,
        double median,
        double medianSecondsPerRun) {

    static CaseResult of(BenchCase c, int runsPerSample, double[] secondsPerRun) {
        double[] figures = new double[secondsPerRun.length];
        for (int i = 0; i < figures.length; i++) figures[i] = c.metric().value(secondsPerRun[i]);
        double medianSeconds = median(secondsPerRun);
        return new CaseResult(
                c.name(),
                c.metric().unit(),
                c.metric().higherIsBetter(),
                runsPerSample,
                figures,
                c.metric().value(medianSeconds),
                medianSeconds);
    }

    /** The best sample: the largest throughput or the smallest latency. */
    public double best() {
        double best = samples[0];
        for (double s : samples) best = higherIsBetter ? Math.max(best, s) : Math.min(best, s);
        return best;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
