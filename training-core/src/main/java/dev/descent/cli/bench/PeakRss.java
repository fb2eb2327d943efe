package dev.descent.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The peak resident memory of this process (Linux's VmHWM), which the bench reports per workload. */
public final class PeakRss {
    private PeakRss() {}

    /** VmHWM of this process in bytes, or -1 where /proc is not there to read. */
    public static long ofThisProcess() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String kb = line.substring(6).replace("kB", "").trim();
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    public static double megabytes(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / (1024.0 * 1024.0);
    }
}
