package dev.descent.cli;

import dev.descent.backend.Backends;
import dev.descent.cli.bench.CaseResult;
import dev.descent.cli.bench.EngineComparison;
import dev.descent.cli.bench.Figures;
import dev.descent.cli.bench.NativeGraphBenchTarget;
import dev.descent.cli.bench.Runner;
import dev.descent.cli.bench.Workload;
import dev.descent.cli.bench.Workloads;
import java.io.PrintWriter;
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
            defaultValue = "2",
            description = "With --engines: compute threads for every engine. Default: ${DEFAULT-VALUE}.")
    int threads;

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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (repeats < 1) throw new IllegalArgumentException("--repeats must be >= 1, got " + repeats);
        if (warmup < 0) throw new IllegalArgumentException("--warmup must be >= 0, got " + warmup);
        if (!(minSampleMs > 0)) throw new IllegalArgumentException("--min-sample-ms must be > 0, got " + minSampleMs);
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        String targets = withModes(engines, mode);
        if (targets != null) {
            new EngineComparison(warmup, repeats, threads, line -> {
                        err.println(line);
                        err.flush();
                    })
                    .run(workload, targets, out);
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
            out.println(report(w, backend, warmup, repeats, results));
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
