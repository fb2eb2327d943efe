package dev.descent.backend.cpu;

import dev.descent.backend.Backends;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits a loop across the CPU's cores. The loop is cut into a few chunks per thread that the calling thread and the
 * pool's workers claim from a shared counter: the caller never sits waiting for a worker that has not woken up yet (a
 * worker that wakes late finds the work done and leaves), and on a machine shared with other processes a descheduled
 * worker holds up at most one chunk. Below the grain size nothing is handed off at all, and a loop started from inside
 * a worker runs on that worker (kernels do not nest their parallelism). The thread count is {@code -Ddescent.threads}
 * or the environment's DESCENT_NUM_THREADS, else all cores.
 */
final class Parallel {
    static final int THREADS = Backends.hostThreads();
    /** Chunks per thread: enough to even out a late or slow thread, few enough to keep hand-offs cheap. */
    private static final int CHUNKS_PER_THREAD = 4;
    /** Busy-wait iterations (some tens of microseconds) before a caller parks to wait for the last chunks. */
    private static final int SPINS = 2_000;

    private static final ForkJoinPool POOL = THREADS > 1
            ? new ForkJoinPool(
                    THREADS - 1,
                    pool -> {
                        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                        t.setName("descent-cpu-" + t.getPoolIndex());
                        t.setDaemon(true);
                        return t;
                    },
                    null,
                    false)
            : null;

    private Parallel() {}

    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /** Whether the calling thread may hand work to the pool (it is not one of the pool's own workers). */
    static boolean canSplit() {
        return THREADS > 1 && !(Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == POOL);
    }

    /** Runs body over [0, n) in chunks of at least {@code grain} iterations, on up to THREADS threads. */
    static void range(int n, int grain, Range body) {
        if (n <= 0) return;
        int chunks = (int) Math.min((long) THREADS * CHUNKS_PER_THREAD, n / Math.max(grain, 1));
        if (chunks <= 1 || !canSplit()) {
            body.run(0, n);
            return;
        }
        split(n, chunks, body);
    }

    /** Runs body over exactly {@code parts} pieces [0, parts), each piece once, shared among the threads. */
    static void parts(int parts, Range body) {
        if (parts <= 0) return;
        if (parts == 1 || !canSplit()) {
            body.run(0, parts);
            return;
        }
        split(parts, parts, body);
    }

    private static void split(int n, int chunks, Range body) {
        Split job = new Split(n, chunks, body);
        int helpers = Math.min(THREADS - 1, chunks - 1);
        for (int i = 0; i < helpers; i++) POOL.execute(job::claim);
        job.claim();
        job.awaitDone();
    }

    /**
     * One split loop. Completion is counted per chunk rather than per helper, so the caller never waits on a helper
     * that has not started: that helper will find no chunk left and return at once.
     */
    private static final class Split {
        private final int n, chunks;
        private final Range body;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private volatile Throwable failure;
        private volatile Thread waiter;

        Split(int n, int chunks, Range body) {
            this.n = n;
            this.chunks = chunks;
            this.body = body;
        }

        void claim() {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                try {
                    if (failure == null) body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
                } catch (Throwable t) {
                    if (failure == null) failure = t;
                } finally {
                    finished();
                }
            }
        }

        void awaitDone() {
            // The chunks still out are running on other threads right now: spin a little (they are
            // usually about to finish), then park until the last one to finish wakes this thread.
            for (int spins = 0; done.get() < chunks && spins < SPINS; spins++) Thread.onSpinWait();
            if (done.get() < chunks) {
                waiter = Thread.currentThread();
                while (done.get() < chunks) LockSupport.park(this);
            }
            Throwable t = failure;
            if (t instanceof RuntimeException e) throw e;
            if (t instanceof Error e) throw e;
            if (t != null) throw new IllegalStateException(t);
        }

        /** Called after each chunk: the one that completes the loop wakes a parked caller. */
        private void finished() {
            if (done.incrementAndGet() == chunks) {
                Thread w = waiter;
                if (w != null) LockSupport.unpark(w);
            }
        }
    }
}
