package dev.descent.cli.bench;

/**
 * One timed operation of a workload: {@code run} does the operation once, and {@link Metric} turns the seconds one run
 * took into the reported figure.
 */
public record BenchCase(String name, Metric metric, Runnable run) {

    public BenchCase {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a bench case needs a name");
        if (metric == null) throw new IllegalArgumentException("bench case '" + name + "' needs a metric");
        if (run == null) throw new IllegalArgumentException("bench case '" + name + "' needs something to run");
    }

    /** A throughput case: {@code work} units (GFLOP, GB, ...) done by one run, reported as units per second. */
    public static BenchCase throughput(String name, String unit, double work, Runnable run) {
        return new BenchCase(name, new Metric.Throughput(unit, work), run);
    }

    /** A latency case: reported as microseconds per run. */
    public static BenchCase latency(String name, Runnable run) {
        return new BenchCase(name, new Metric.Latency(), run);
    }

    /** How one run's time becomes the reported figure. */
    public sealed interface Metric {
        String unit();

        double value(double secondsPerRun);

        /** Whether a larger figure is better (throughput) or a smaller one (latency). */
        boolean higherIsBetter();

        record Throughput(String per, double work) implements Metric {
            public Throughput {
                if (!(work > 0)) throw new IllegalArgumentException("work per run must be > 0, got " + work);
            }

            @Override
            public String unit() {
                return per + "/s";
            }

            @Override
            public double value(double secondsPerRun) {
                return work / secondsPerRun;
            }

            @Override
            public boolean higherIsBetter() {
                return true;
            }
        }

        record Latency() implements Metric {
            @Override
            public String unit() {
                return "us";
            }

            @Override
            public double value(double secondsPerRun) {
                return secondsPerRun * 1e6;
            }

            @Override
            public boolean higherIsBetter() {
                return false;
            }
        }
    }
}
