package dev.descent.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** A workload of {@code descent bench --engines}: the same work on every engine, so their figures compare. */
public interface EngineWorkload {

    /** The name given to {@code --workload}. */
    String name();

    String description();

    /** How one sample is taken (what part of the work, what is extrapolated), for the report. */
    String method();

    /** Prepares the work on each engine (data, weights, operands), before any timing. */
    List<EngineCase> prepare(List<BenchTarget> engines);

    /** The workloads in the order "all" runs them. */
    Map<String, Supplier<EngineWorkload>> REGISTRY = registry();

    private static Map<String, Supplier<EngineWorkload>> registry() {
        Map<String, Supplier<EngineWorkload>> m = new LinkedHashMap<>();
        m.put("keras-mlp", TrainingWorkload::kerasMlp);
        m.put("scratch-online", TrainingWorkload::scratchOnline);
        m.put("lenet", TrainingWorkload::lenet);
        m.put("gemm", EngineGemmWorkload::new);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** A comma-separated list of names, where "all" stands for every workload. */
    static List<EngineWorkload> resolve(String spec) {
        List<String> names = new ArrayList<>();
        for (String raw : (spec == null ? "" : spec).split(",", -1)) {
            String name = raw.trim();
            List<String> expanded = name.equals("all") ? List.copyOf(REGISTRY.keySet()) : List.of(name);
            for (String n : expanded) {
                if (!REGISTRY.containsKey(n)) {
                    throw new IllegalArgumentException("unknown workload '" + name
                            + "' for --engines; expected all or one of " + REGISTRY.keySet());
                }
                if (!names.contains(n)) names.add(n);
            }
        }
        return names.stream().map(n -> REGISTRY.get(n).get()).toList();
    }
}
