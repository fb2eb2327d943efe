package dev.descent.cli;

import dev.descent.backend.Backends;
import dev.descent.cli.bench.CaseResult;
import dev.descent.cli.bench.EngineComparison;
import dev.descent.cli.bench.EngineWorkload;
import dev.descent.cli.bench.Figures;
import dev.descent.cli.bench.NativeGraphBenchTarget;
import dev.descent.cli.bench.PeakRss;
import dev.descent.cli.bench.Runner;
import dev.descent.cli.bench.Workload;
import dev.descent.cli.bench.Workloads;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code descent bench}: times workloads and prints one JSON object per workload on stdout (progress goes to stderr),
 * each with the median figure of every case and its raw samples.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Benchmark the compute backend, or compare engines with --engines; prints one JSON object per workload on stdout.")
public final class BenchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(
            names = "--workload",
            defaultValue = "all",
            paramLabel = "NAME[,NAME...]",
            description =
                    "What to run: all, gemm, elementwise (comma-separated); with --engines: all, keras-mlp, scratch-online, lenet, gemm."
                            + " Default: ${DEFAULT-VALUE}.")
    String workload;

    @Option(
            names = "--engines",
            paramLabel = "NAME[,NAME...]",
            description =
                    "Compare training engines (e.g. native,djl) on the same work, taking turns; one JSON line per workload with the ratio native/djl.")
    String engines;

    @Option(
            names = "--mode",
            paramLabel = "MODE[,MODE...]",
            description = "Compare the native engine's execution modes (eager, graph) on the training workloads, taking"
                    + " turns; one JSON line per workload with ratio_graph_over_eager. Combines with --engines.")
    String mode;

    @Option(
            names = "--threads",
            paramLabel = "N[,N...]",
            description =
                    "Compute threads, the same for every engine; several (e.g. 1,2) measure the scaling, each count in"
                            + " a JVM of its own. Default: 2 with --engines, else the backend's own (-Ddescent.threads or all"
                            + " cores).")
    String threads;

    @Option(
            names = "--repeats",
            defaultValue = "10",
            description = "Timed samples per case; the median is reported. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(
            names = "--warmup",
            defaultValue = "3",
            description = "Untimed samples per case before timing. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(
            names = "--min-sample-ms",
            defaultValue = "50",
            description = "Each sample repeats the case until it lasts at least this long. Default: ${DEFAULT-VALUE}.")
    double minSampleMs;

    @Option(
            names = "--device",
            paramLabel = "DEVICE",
            description = "The backend of the native engine: cpu | cuda | auto. Default: -Ddescent.device, else cpu.")
    String device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (repeats < 1) throw new IllegalArgumentException("--repeats must be >= 1, got " + repeats);
        if (warmup < 0) throw new IllegalArgumentException("--warmup must be >= 0, got " + warmup);
        if (!(minSampleMs > 0)) throw new IllegalArgumentException("--min-sample-ms must be > 0, got " + minSampleMs);
        if (device != null) Backends.setDefault(Backends.forDevice(device));
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        engines = withModes(engines, mode); // a mode is a column of the engine comparison
        List<Integer> counts = threadCounts(threads, engines != null ? 2 : null);
        List<String> names = engines != null
                ? EngineWorkload.resolve(workload).stream()
                        .map(EngineWorkload::name)
                        .toList()
                : Workloads.resolve(workload).stream().map(Workload::name).toList();
        if (counts.size() * names.size() > 1) {
            // One JVM per workload and thread count: the CPU backend fixes its threads when it starts, and each
            // workload's peak memory is then its own.
            for (Integer t : counts) {
                for (String name : names) {
                    if (runChild(name, t, out) != 0) return 1;
                }
            }
            return 0;
        }
        Integer count = counts.getFirst();
        if (count != null) System.setProperty("descent.threads", Integer.toString(count));
        if (engines != null) {
            new EngineComparison(warmup, repeats, count, line -> {
                        err.println(line);
                        err.flush();
                    })
                    .run(workload, engines, out);
            return 0;
        }
        List<Workload> workloads = Workloads.resolve(workload);
        Runner runner = new Runner(warmup, repeats, minSampleMs / 1000, line -> {
            err.println(line);
            err.flush();
        });
        String backend = Backends.getDefault().describe();
        for (Workload w : workloads) {
            err.println("bench " + w.name() + " on " + backend + ": " + w.description());
            err.flush();
            Map<String, CaseResult> results = runner.run(w);
            ObjectNode line = report(w, backend, warmup, repeats, results);
            line.put("threads", Backends.hostThreads());
            long rss = PeakRss.ofThisProcess();
            if (rss >= 0) line.put("peak_rss_mb", Figures.round(PeakRss.megabytes(rss)));
            out.println(line);
            out.flush();
        }
        return 0;
    }

    /**
     * The engine columns of {@code --engines} and {@code --mode}: eager is {@code native}, graph {@code native-graph}.
     */
    static String withModes(String engines, String mode) {
        if (mode == null) return engines;
        StringBuilder sb = new StringBuilder(engines == null ? "" : engines);
        for (String raw : mode.split(",", -1)) {
            String m = raw.trim();
            String column = switch (m) {
                case "eager" -> "native";
                case "graph" -> NativeGraphBenchTarget.NAME;
                default ->
                    throw new IllegalArgumentException("--mode: unknown mode '" + m + "'; expected eager, graph");
            };
            if (!sb.isEmpty()) sb.append(',');
            sb.append(column);
        }
        return sb.toString();
    }

    /** The thread counts of {@code --threads}, each once, in the order given; [fallback] when not given. */
    static List<Integer> threadCounts(String spec, Integer fallback) {
        List<Integer> out = new ArrayList<>();
        if (spec == null) {
            out.add(fallback);
            return out;
        }
        for (String raw : spec.split(",", -1)) {
            int n;
            try {
                n = Integer.parseInt(raw.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--threads needs whole numbers, e.g. 1,2; got '" + spec + "'");
            }
            if (n < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + n);
            if (!out.contains(n)) out.add(n);
        }
        return out;
    }

    /** Runs one workload at one thread count in a child JVM like this one, passing its JSON lines through. */
    private int runChild(String name, int threadCount, PrintWriter out) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "bench"));
        command.addAll(List.of("--workload", name, "--threads", Integer.toString(threadCount)));
        if (engines != null) command.addAll(List.of("--engines", engines));
        command.addAll(List.of("--repeats", Integer.toString(repeats), "--warmup", Integer.toString(warmup)));
        command.addAll(List.of("--min-sample-ms", Double.toString(minSampleMs)));
        try {
            Process p = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            p.getOutputStream().close();
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    out.println(line);
                    out.flush();
                }
            }
            int rc = p.waitFor();
            if (rc != 0)
                spec.commandLine()
                        .getErr()
                        .println(
                                "bench: " + name + " with " + threadCount + " threads failed (exit status " + rc + ")");
            return rc;
        } catch (IOException e) {
            throw new UncheckedIOException("bench: could not start a JVM for " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("bench: interrupted", e);
        }
    }

    /** The JSON line of one workload: what ran where, and per case the median, the best and every sample. */
    static ObjectNode report(Workload w, String backend, int warmup, int repeats, Map<String, CaseResult> results) {
        ObjectNode root = JSON.createObjectNode();
        root.put("workload", w.name());
        root.put("engine", "native");
        root.put("backend", backend);
        root.put("java", Runtime.version().toString());
        root.put("cpus", Runtime.getRuntime().availableProcessors());
        root.put("warmup", warmup);
        root.put("repeats", repeats);
        ArrayNode cases = root.putArray("cases");
        for (CaseResult r : results.values()) {
            ObjectNode c = cases.addObject();
            c.put("name", r.name());
            c.put("unit", r.unit());
            c.put("median", Figures.round(r.median()));
            c.put("best", Figures.round(r.best()));
            c.put("runs_per_sample", r.runsPerSample());
            ArrayNode samples = c.putArray("samples");
            for (double s : r.samples()) samples.add(Figures.round(s));
        }
        Map<String, Double> derived = w.derived(results);
        if (!derived.isEmpty()) {
            ObjectNode d = root.putObject("derived");
            derived.forEach((k, v) -> d.put(k, Figures.round(v)));
        }
        return root;
    }
}
