package dev.descent.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The registry of workloads that {@code descent bench --workload} knows, in the order "all" runs them. */
public final class Workloads {
    private static final Map<String, Supplier<Workload>> REGISTRY = new LinkedHashMap<>();

    static {
        register("gemm", GemmWorkload::new);
        register("elementwise", ElementwiseWorkload::new);
    }

    private Workloads() {}

    static void register(String name, Supplier<Workload> factory) {
        if (REGISTRY.putIfAbsent(name, factory) != null)
            throw new IllegalStateException("workload '" + name + "' is registered twice");
    }

    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /** Resolves a comma-separated list of names, where "all" stands for every workload. */
    public static List<Workload> resolve(String spec) {
        if (spec == null || spec.isBlank())
            throw new IllegalArgumentException("--workload needs a name; expected all or one of " + names());
        List<Workload> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String raw : spec.split(",", -1)) {
            String name = raw.trim();
            List<String> expanded = name.equals("all") ? names() : List.of(name);
            for (String n : expanded) {
                Supplier<Workload> factory = REGISTRY.get(n);
                if (factory == null)
                    throw new IllegalArgumentException(
                            "unknown workload '" + name + "'; expected all or one of " + names());
                if (!seen.contains(n)) {
                    seen.add(n);
                    out.add(factory.get());
                }
            }
        }
        return out;
    }
}
