package dev.descent.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's load average over 1, 5 and 15 minutes (NaN where unknown). Timings taken while other work keeps the
 * cores busy say more about that work than about the code measured. A running benchmark adds its own threads to the
 * load, so {@link #processCpuSeconds()} lets a report tell them apart.
 */
public record LoadAverage(double one, double five, double fifteen) {

    /** Above this many runnable threads on average the figures of a 2-thread benchmark are not meaningful. */
    public static final double BUSY = 1.5;

    public static LoadAverage now() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+", -1);
            return new LoadAverage(
                    Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
        } catch (IOException | RuntimeException e) {
            double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return new LoadAverage(one < 0 ? Double.NaN : one, Double.NaN, Double.NaN);
        }
    }

    public double[] values() {
        return new double[] {one, five, fifteen};
    }

    /** CPU time this process has used so far, in seconds (NaN where the JVM does not say). */
    public static double processCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            return nanos < 0 ? Double.NaN : nanos / 1e9;
        }
        return Double.NaN;
    }
}
