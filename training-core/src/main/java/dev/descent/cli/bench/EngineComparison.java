package dev.descent.cli.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code descent bench --engines native,djl}: runs each workload on every engine in one process and prints one JSON
 * line per workload with each engine's median, its samples, the ratio native/other for every other engine and each
 * process's peak resident memory. Every engine first warms up (at least {@code warmup} samples and
 * {@value #MIN_WARMUP_SECONDS} s, so the JIT has compiled the hot code); then the engines take turns, one sample each,
 * in an order reversed every round, so a burst of load from elsewhere falls on all of them alike. The load average is
 * recorded before the bench starts and around each workload, with the cores the bench itself kept busy; a line is
 * flagged when the load from other work was above {@value LoadAverage#BUSY}, since its figures then measure the
 * machine's other work as much as the engines.
 */
public final class EngineComparison {
    static final double MIN_WARMUP_SECONDS = 2.0;
    private static final int MAX_WARMUP_SAMPLES = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int warmup;
    private final int repeats;
    private final int threads;
    private final double minWarmupSeconds;
    private final Consumer<String> log;

    public EngineComparison(int warmup, int repeats, int threads, Consumer<String> log) {
        this(warmup, repeats, threads, MIN_WARMUP_SECONDS, log);
    }

    EngineComparison(int warmup, int repeats, int threads, double minWarmupSeconds, Consumer<String> log) {
        if (warmup < 0) throw new IllegalArgumentException("--warmup must be >= 0, got " + warmup);
        if (repeats < 1) throw new IllegalArgumentException("--repeats must be >= 1, got " + repeats);
        if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        this.warmup = warmup;
        this.repeats = repeats;
        this.threads = threads;
        this.minWarmupSeconds = minWarmupSeconds;
        this.log = log;
    }

    /** The engines of a comma-separated list, each once, in the order given. */
    public static List<BenchTarget> engines(String spec) {
        List<String> names = new ArrayList<>();
        for (String raw : (spec == null ? "" : spec).split(",", -1)) {
            String name = raw.trim();
            if (name.isEmpty())
                throw new IllegalArgumentException("--engines needs engine names, e.g. native,djl; got '" + spec + "'");
            if (!names.contains(name)) names.add(name);
        }
        return names.stream().map(BenchTarget::get).toList();
    }

    /**
     * Runs the workloads {@code workloadSpec} names on the engines {@code engineSpec} names, one JSON line each on
     * {@code out}.
     */
    public void run(String workloadSpec, String engineSpec, PrintWriter out) {
        LoadAverage beforeBench = LoadAverage.now();
        run(EngineWorkload.resolve(workloadSpec), engines(engineSpec), beforeBench, out);
    }

    void run(List<EngineWorkload> workloads, List<BenchTarget> requested, LoadAverage beforeBench, PrintWriter out) {
        List<BenchTarget> engines = new ArrayList<>();
        for (BenchTarget e : requested) {
            e.useThreads(threads);
            String reason = e.unavailableReason();
            if (reason == null) {
                engines.add(e);
            } else if (e.optional()) {
                log.accept(reason);
            } else {
                throw new IllegalStateException(reason);
            }
        }
        if (engines.isEmpty())
            throw new IllegalStateException("--engines: none of " + requested.size() + " can run here");
        for (EngineWorkload w : workloads) {
            LoadAverage start = LoadAverage.now();
            double cpuStart = LoadAverage.processCpuSeconds();
            long wallStart = System.nanoTime();
            log.accept("bench " + w.name() + " on "
                    + engines.stream().map(BenchTarget::name).toList() + ": " + w.description());
            List<EngineCase> cases = w.prepare(engines);
            Map<String, String> runtimes = new LinkedHashMap<>();
            for (BenchTarget e : engines) runtimes.put(e.name(), e.describe());
            List<Map<String, double[]>> figures = new ArrayList<>();
            try {
                for (EngineCase c : cases) figures.add(measure(c, engines));
            } finally {
                for (EngineCase c : cases) c.samples().values().forEach(EngineCase.Sample::close);
            }
            double benchCores = (LoadAverage.processCpuSeconds() - cpuStart) / ((System.nanoTime() - wallStart) / 1e9);
            ObjectNode line =
                    report(w, cases, figures, runtimes, new Load(beforeBench, start, LoadAverage.now(), benchCores));
            line.set("peak_rss_mb", peakRss(engines));
            out.println(line);
            out.flush();
        }
    }

    /** Each engine's figures for one case, after its warm-up, taking turns. */
    private Map<String, double[]> measure(EngineCase c, List<BenchTarget> engines) {
        for (BenchTarget e : engines) {
            EngineCase.Sample sample = c.samples().get(e.name());
            long start = System.nanoTime();
            for (int i = 0;
                    i < warmup
                            || (warmup > 0
                                    && i < MAX_WARMUP_SAMPLES
                                    && System.nanoTime() - start < minWarmupSeconds * 1e9);
                    i++) {
                sample.measure();
            }
        }
        Map<String, double[]> figures = new LinkedHashMap<>();
        for (BenchTarget e : engines) figures.put(e.name(), new double[repeats]);
        for (int r = 0; r < repeats; r++) {
            for (int i = 0; i < engines.size(); i++) {
                String name =
                        engines.get(r % 2 == 0 ? i : engines.size() - 1 - i).name();
                figures.get(name)[r] = c.samples().get(name).measure();
            }
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-24s", c.name()));
        figures.forEach((name, f) ->
                line.append(String.format(Locale.ROOT, "  %s %.4g %s", name, CaseResult.median(f), c.unit())));
        ratios(figures)
                .forEach((other, ratio) -> line.append(String.format(Locale.ROOT, "  native/%s %.3g", other, ratio)));
        Double modes = graphOverEager(figures);
        if (modes != null) line.append(String.format(Locale.ROOT, "  graph/eager %.3g", modes));
        log.accept(line.toString());
        return figures;
    }

    /** The graph mode's median over the eager one's, when both ran. */
    private static Double graphOverEager(Map<String, double[]> figures) {
        double[] e = figures.get("native"), g = figures.get(NativeGraphBenchTarget.NAME);
        return e == null || g == null ? null : CaseResult.median(g) / CaseResult.median(e);
    }

    /** The native engine's median over each other engine's, by the other engine's name. */
    private static Map<String, Double> ratios(Map<String, double[]> figures) {
        Map<String, Double> out = new LinkedHashMap<>();
        double[] n = figures.get("native");
        if (n == null) return out;
        figures.forEach((name, f) -> {
            if (!name.equals("native")) out.put(name, CaseResult.median(n) / CaseResult.median(f));
        });
        return out;
    }

    /**
     * The peak resident memory of each process that ran the workload, in MiB: this JVM (every in-process engine
     * together; the bench runs each workload in a fresh JVM when it runs several) and each external engine's own.
     */
    private static ObjectNode peakRss(List<BenchTarget> engines) {
        ObjectNode rss = JSON.createObjectNode();
        List<String> inProcess = engines.stream()
                .filter(e -> !(e instanceof ExternalEngine))
                .map(BenchTarget::name)
                .toList();
        if (!inProcess.isEmpty())
            putMegabytes(rss, "jvm (" + String.join("+", inProcess) + ")", PeakRss.ofThisProcess());
        for (BenchTarget e : engines) {
            if (e instanceof ExternalEngine x) putMegabytes(rss, e.name(), x.peakRssBytes());
        }
        return rss;
    }

    private static void putMegabytes(ObjectNode o, String key, long bytes) {
        if (bytes < 0) o.putNull(key);
        else o.put(key, Figures.round(PeakRss.megabytes(bytes)));
    }

    /**
     * The load around one workload: before the bench began, at the workload's start and end, and the bench's own cores.
     */
    record Load(LoadAverage beforeBench, LoadAverage start, LoadAverage end, double benchCores) {
        /** Roughly how many cores other work kept busy: the 1-minute load at the end less the bench's own share. */
        double others() {
            return Math.max(0, end.one() - (Double.isNaN(benchCores) ? 0 : benchCores));
        }

        boolean busy() {
            return beforeBench.one() > LoadAverage.BUSY || others() > LoadAverage.BUSY;
        }
    }

    ObjectNode report(
            EngineWorkload w,
            List<EngineCase> cases,
            List<Map<String, double[]>> figures,
            Map<String, String> runtimes,
            Load load) {
        ObjectNode root = JSON.createObjectNode();
        root.put("workload", w.name());
        root.put("description", w.description());
        root.put("method", w.method());
        ObjectNode engines = root.putObject("engines");
        runtimes.forEach(engines::put);
        root.put("threads", threads);
        root.put("warmup", warmup);
        root.put("repeats", repeats);
        ArrayNode out = root.putArray("cases");
        for (int i = 0; i < cases.size(); i++) {
            EngineCase c = cases.get(i);
            ObjectNode o = out.addObject();
            o.put("name", c.name());
            o.put("unit", c.unit());
            o.put("higher_is_better", c.higherIsBetter());
            ObjectNode median = o.putObject("median"), samples = o.putObject("samples");
            figures.get(i).forEach((engine, f) -> {
                median.put(engine, Figures.round(CaseResult.median(f)));
                ArrayNode s = samples.putArray(engine);
                for (double v : f) s.add(Figures.round(v));
            });
            ratios(figures.get(i)).forEach((other, ratio) -> o.put("ratio_native_over_" + other, Figures.round(ratio)));
            Double modes = graphOverEager(figures.get(i));
            if (modes != null) o.put("ratio_graph_over_eager", Figures.round(modes));
        }
        ObjectNode l = root.putObject("load_average");
        l.set("before_bench", numbers(load.beforeBench().values()));
        l.set("start", numbers(load.start().values()));
        l.set("end", numbers(load.end().values()));
        l.put("bench_cores", Figures.round(load.benchCores()));
        l.put("others", Figures.round(load.others()));
        if (load.busy()) {
            root.put(
                    "warning",
                    String.format(
                            Locale.ROOT,
                            "the machine was busy: load average %.2f before the bench, about %.2f from other work during this one"
                                    + " (above %.1f), so these figures are not meaningful; rerun on a quiet machine",
                            load.beforeBench().one(),
                            load.others(),
                            LoadAverage.BUSY));
        }
        return root;
    }

    private static ArrayNode numbers(double[] values) {
        ArrayNode a = JSON.createArrayNode();
        for (double v : values) a.add(Figures.round(v));
        return a;
    }
}
