package dev.descent.cli.bench;

import dev.descent.spec.TrainingEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A training engine as {@code descent bench --engines} sees it: what the bench needs of it besides training, which goes
 * through its {@link TrainingEngine}: its thread count, a description of what computes, and its own fp32 matrix
 * product. Found with {@link ServiceLoader}, so the bench reaches the djl engine without training-core depending on it.
 */
public interface BenchTarget {

    /** The name of the engine's {@link TrainingEngine}: "native", "djl". */
    String name();

    /** Null when the engine can run here, otherwise one line saying why not. */
    default String unavailableReason() {
        return null;
    }

    /**
     * Whether the bench goes on without this engine, with one line saying why, when it cannot run here (PyTorch where
     * Python has no torch); otherwise the bench stops.
     */
    default boolean optional() {
        return false;
    }

    /**
     * Asks for {@code threads} compute threads from now on. Engines that fix their thread pool when it is first used
     * may keep the count they started with: {@link #describe()} says what is in effect.
     */
    void useThreads(int threads);

    /** What computes and with how many threads, e.g. "cpu (2 threads, 256-bit SIMD)". */
    String describe();

    /**
     * c = a @ b for row-major fp32 a [m, k] and b [k, n], copied into the engine's own memory; each run computes it
     * once.
     */
    Product matmul(float[] a, float[] b, int m, int k, int n);

    /** A prepared matrix product; closing frees the engine's copies. */
    interface Product extends Runnable, AutoCloseable {
        @Override
        void close();
    }

    /** Every engine on the class path that supports the bench. */
    static List<BenchTarget> all() {
        List<BenchTarget> out = new ArrayList<>();
        ServiceLoader.load(BenchTarget.class, BenchTarget.class.getClassLoader())
                .forEach(out::add);
        return out;
    }

    /** The engine called {@code name}; fails naming those there are. */
    static BenchTarget get(String name) {
        List<BenchTarget> all = all();
        for (BenchTarget e : all) if (e.name().equals(name)) return e;
        throw new IllegalArgumentException("--engines: no engine '" + name + "' on the class path; available: "
                + all.stream().map(BenchTarget::name).toList()
                + (name.equals("djl") ? " (./descent puts engine-djl on the class path once it is built)" : ""));
    }
}
