package dev.descent.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Splits a loop across the CPU's cores. The calling thread runs the first chunk itself, so a kernel
 * on small data costs no hand-off; below the grain size it does not split at all.
 * The thread count is {@code -Ddescent.threads} or the environment's DESCENT_NUM_THREADS, else all cores.
 */
final class Parallel {
    static final int THREADS = threads();
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS - 1, pool -> {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("descent-cpu-" + t.getPoolIndex());
        t.setDaemon(true);
        return t;
    }, null, false) : null;

    private Parallel() {}

    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /** Runs body over [0, n) in up to THREADS chunks of at least {@code grain} iterations. */
    static void range(int n, int grain, Range body) {
        int chunks = THREADS == 1 || Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == POOL
                ? 1 : Math.min(THREADS, n / Math.max(grain, 1));
        if (chunks <= 1) {
            if (n > 0) body.run(0, n);
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks), to = (int) ((long) n * (c + 1) / chunks);
            tasks[c - 1] = POOL.submit(() -> body.run(from, to));
        }
        body.run(0, (int) ((long) n / chunks));
        for (ForkJoinTask<?> t : tasks) t.join();
    }

    private static int threads() {
        String prop = System.getProperty("descent.threads", System.getenv("DESCENT_NUM_THREADS"));
        if (prop != null && !prop.isBlank()) {
            try {
                int n = Integer.parseInt(prop.trim());
                if (n >= 1) return n;
            } catch (NumberFormatException ignored) {
                // fall through to the core count
            }
            System.err.println("descent: ignoring invalid thread count '" + prop + "'");
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
