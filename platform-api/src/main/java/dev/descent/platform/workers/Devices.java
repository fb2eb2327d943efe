package dev.descent.platform.workers;

import io.swagger.v3.oas.annotations.media.Schema;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/** What a worker can train on: its CPU cores and memory, and its GPU when it has one. */
@Schema(name = "WorkerDevices")
public record Devices(int cpuCores, long memoryMb, String gpuName, Long gpuMemoryMb) {

    public boolean hasGpu() {
        return gpuName != null;
    }

    static Devices detect(WorkerProperties properties) {
        int cores = Runtime.getRuntime().availableProcessors();
        long memoryMb = physicalMemoryMb();
        return switch (properties.gpu()) {
            case "none" -> new Devices(cores, memoryMb, null, null);
            case "auto" -> {
                String[] gpu = nvidiaSmi();
                yield gpu == null
                        ? new Devices(cores, memoryMb, null, null)
                        : new Devices(cores, memoryMb, gpu[0], parseLong(gpu[1]));
            }
            default -> new Devices(cores, memoryMb, properties.gpu(), properties.gpuMemoryMb());
        };
    }

    private static long physicalMemoryMb() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / (1024 * 1024);
        }
        return Runtime.getRuntime().maxMemory() / (1024 * 1024);
    }

    /** The first GPU's name and memory in MiB, or null where there is no NVIDIA driver. */
    private static String[] nvidiaSmi() {
        boolean onPath = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "nvidia-smi")));
        if (!onPath) return null;
        try {
            Process p = new ProcessBuilder(
                            "nvidia-smi", "--query-gpu=name,memory.total", "--format=csv,noheader,nounits")
                    .redirectErrorStream(true)
                    .start();
            String line;
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                line = r.readLine();
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || line == null || !line.contains(","))
                return null;
            int comma = line.lastIndexOf(',');
            return new String[] {
                line.substring(0, comma).strip(), line.substring(comma + 1).strip()
            };
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
