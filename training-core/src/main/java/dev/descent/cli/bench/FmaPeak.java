package dev.descent.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's fp32 fused-multiply-add rate through the same Vector API the CPU kernels use: every thread runs
 * {@value #CHAINS} independent accumulator chains of {@code a = a * b + c} on the preferred vector width, enough to
 * cover the FMA units' latency, so the figure is the ceiling a matrix product could reach on these threads.
 */
final class FmaPeak implements Runnable, AutoCloseable {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int CHAINS = 12;
    /** FMA steps per chain and run: long enough that handing work to the threads is lost in the timing. */
    static final int STEPS = 5_000_000;

    private final int threads;
    private final ExecutorService pool;
    /** Sink for the accumulators, so the JIT cannot drop the loop. */
    private volatile float sink;

    FmaPeak(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "descent-fma-peak");
            t.setDaemon(true);
            return t;
        });
    }

    /** The floating-point operations (a multiply and an add per lane) of one run over all threads. */
    double gflopPerRun() {
        return 2.0 * S.length() * CHAINS * (double) STEPS * threads / 1e9;
    }

    @Override
    public void run() {
        List<Future<Float>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) parts.add(pool.submit(() -> chains(STEPS)));
        float total = 0;
        try {
            for (Future<Float> f : parts) total += f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the FMA peak", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the FMA peak loop failed", e.getCause());
        }
        sink = total;
    }

    /** {@value #CHAINS} independent FMA chains, each {@code steps} long; returns a value depending on all of them. */
    static float chains(int steps) {
        FloatVector b = FloatVector.broadcast(S, 0.999999f), c = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(S, 1f), a1 = FloatVector.broadcast(S, 1.1f);
        FloatVector a2 = FloatVector.broadcast(S, 1.2f), a3 = FloatVector.broadcast(S, 1.3f);
        FloatVector a4 = FloatVector.broadcast(S, 1.4f), a5 = FloatVector.broadcast(S, 1.5f);
        FloatVector a6 = FloatVector.broadcast(S, 1.6f), a7 = FloatVector.broadcast(S, 1.7f);
        FloatVector a8 = FloatVector.broadcast(S, 1.8f), a9 = FloatVector.broadcast(S, 1.9f);
        FloatVector a10 = FloatVector.broadcast(S, 2.0f), a11 = FloatVector.broadcast(S, 2.1f);
        for (int i = 0; i < steps; i++) {
            a0 = a0.fma(b, c);
            a1 = a1.fma(b, c);
            a2 = a2.fma(b, c);
            a3 = a3.fma(b, c);
            a4 = a4.fma(b, c);
            a5 = a5.fma(b, c);
            a6 = a6.fma(b, c);
            a7 = a7.fma(b, c);
            a8 = a8.fma(b, c);
            a9 = a9.fma(b, c);
            a10 = a10.fma(b, c);
            a11 = a11.fma(b, c);
        }
        FloatVector s = a0.add(a1).add(a2).add(a3).add(a4).add(a5);
        s = s.add(a6).add(a7).add(a8).add(a9).add(a10).add(a11);
        return s.reduceLanes(VectorOperators.ADD);
    }

    float sink() {
        return sink;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
