package dev.descent.data;

import dev.descent.backend.Generator;
import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * Batches of a dataset, epoch after epoch. With shuffling each epoch visits the examples in a new order that depends
 * only on the seed and the epoch number, so a run can be replayed, or resumed mid-epoch from a checkpoint with
 * {@link #iterator(int, int)}. A daemon thread prepares the next {@code prefetch} batches while the trainer works on
 * the current one.
 *
 * <p>A loader runs one pass at a time: starting a pass stops the previous one's thread, as does closing the pass's
 * iterator, reaching its end, closing the loader, or the iterator being garbage collected. A failure while preparing a
 * batch is thrown by the consumer's {@code hasNext()}/{@code next()}.
 */
public final class DataLoader implements Iterable<Batch>, AutoCloseable {
    public static final int DEFAULT_PREFETCH = 2;

    private static final Cleaner CLEANER = Cleaner.create();

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final int prefetch;

    private int nextEpoch;
    private Pass current;
    private boolean closed;

    /** Keeps the last partial batch and prefetches {@value #DEFAULT_PREFETCH} batches. */
    public DataLoader(Dataset dataset, int batchSize, boolean shuffle, long seed) {
        this(dataset, batchSize, shuffle, false, seed, DEFAULT_PREFETCH);
    }

    /**
     * @param dropLast skip the last batch when it would be smaller than {@code batchSize}
     * @param prefetch how many batches the background thread may hold ready; 0 prepares each batch on the caller's
     *     thread when it is asked for
     */
    public DataLoader(Dataset dataset, int batchSize, boolean shuffle, boolean dropLast, long seed, int prefetch) {
        if (dataset == null) throw new IllegalArgumentException("a data loader needs a dataset");
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
        if (prefetch < 0) throw new IllegalArgumentException("prefetch must be >= 0, got " + prefetch);
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.seed = seed;
        this.prefetch = prefetch;
    }

    public Dataset dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    /** The number of batches in an epoch. */
    public int size() {
        int n = dataset.size();
        return dropLast ? n / batchSize : Math.ceilDiv(n, batchSize);
    }

    /**
     * The order in which epoch {@code epoch} visits the examples: a seeded permutation, or 0..n-1 without shuffling.
     */
    public int[] order(int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        return shuffle ? permutation(dataset.size(), epochSeed(seed, epoch)) : identity(dataset.size());
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates), fixed by the seed. */
    static int[] permutation(int n, long seed) {
        int[] order = identity(n);
        Generator gen = new Generator(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = gen.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        return order;
    }

    /** The next epoch's pass: epoch 0 on the first call, then 1, 2... so each for-each loop reshuffles. */
    @Override
    public synchronized BatchIterator iterator() {
        return iterator(nextEpoch, 0);
    }

    /** All batches of one epoch, for {@code for (Batch b : loader.epoch(e))}. */
    public Iterable<Batch> epoch(int epoch) {
        return () -> iterator(epoch, 0);
    }

    /**
     * The batches of {@code epoch} from batch {@code startBatch} on (0 for a whole epoch, {@link #size()} for none).
     */
    public synchronized BatchIterator iterator(int epoch, int startBatch) {
        if (closed) throw new IllegalStateException("this data loader is closed");
        if (epoch < 0) throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        if (startBatch < 0 || startBatch > size()) {
            throw new IllegalArgumentException("start batch must be in [0, " + size() + "] for an epoch of " + size()
                    + " batches, got " + startBatch);
        }
        if (current != null) current.stop();
        nextEpoch = epoch + 1;
        Pass pass = new Pass(epoch, order(epoch), startBatch);
        current = pass;
        BatchIterator it = new BatchIterator(pass);
        CLEANER.register(it, pass::stop);
        if (prefetch > 0) pass.start();
        return it;
    }

    /** Stops the running pass's thread; the loader cannot start new passes afterwards. */
    @Override
    public synchronized void close() {
        closed = true;
        if (current != null) current.stop();
        current = null;
    }

    /** Mixes the epoch into the seed, so neighbouring epochs (and seeds) get unrelated permutations. */
    private static long epochSeed(long seed, int epoch) {
        long z = seed ^ (0x9E3779B97F4A7C15L * (epoch + 1L));
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    /** The consumer's side of a pass. It is also AutoCloseable, for passes abandoned on purpose. */
    public static final class BatchIterator implements Iterator<Batch>, AutoCloseable {
        private final Pass pass;
        private Batch pending;
        private boolean done;

        private BatchIterator(Pass pass) {
            this.pass = pass;
        }

        public int epoch() {
            return pass.epoch;
        }

        /** The index within the epoch of the batch the next {@link #next()} returns (a checkpoint stores it). */
        public int nextBatchIndex() {
            return pass.consumed;
        }

        @Override
        public boolean hasNext() {
            if (pending != null) return true;
            if (done) return false;
            try {
                pending = pass.take();
            } catch (RuntimeException | Error e) {
                done = true;
                throw e;
            }
            if (pending == null) done = true;
            return pending != null;
        }

        @Override
        public Batch next() {
            if (!hasNext()) throw new NoSuchElementException("epoch " + pass.epoch + " has no batches left");
            Batch b = pending;
            pending = null;
            pass.consumed++;
            return b;
        }

        /** The thread preparing this pass's batches; null when the loader does not prefetch. */
        Thread producer() {
            return pass.thread;
        }

        @Override
        public void close() {
            done = true;
            pending = null;
            pass.stop();
        }
    }

    private sealed interface Item {
        record Ready(Batch batch) implements Item {}

        record Failed(Throwable error, int batch) implements Item {}

        record End() implements Item {}
    }

    /** One epoch's walk through the batches; its thread (if any) references nothing of the iterator. */
    private final class Pass {
        private final int epoch;
        private final int[] order;
        private final int end;
        private final BlockingQueue<Item> queue;
        private int produced;
        private int consumed;
        private volatile boolean stopped;
        private volatile Thread thread;

        Pass(int epoch, int[] order, int startBatch) {
            this.epoch = epoch;
            this.order = order;
            this.end = size();
            this.produced = startBatch;
            this.consumed = startBatch;
            this.queue = new ArrayBlockingQueue<>(Math.max(prefetch, 1));
        }

        void start() {
            thread = Thread.ofPlatform()
                    .daemon()
                    .name("descent-data-epoch-" + epoch)
                    .start(this::produce);
        }

        private void produce() {
            Item last = new Item.End();
            try {
                for (int b = produced; b < end && !stopped; b++) {
                    queue.put(new Item.Ready(make(b)));
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable e) {
                last = new Item.Failed(e, produced);
            }
            try {
                if (!stopped) queue.put(last);
            } catch (InterruptedException e) {
                // stopped while the consumer was not taking: nobody is left to tell
            }
        }

        private Batch make(int b) {
            int from = b * batchSize, to = Math.min(from + batchSize, order.length);
            int[] indices = new int[to - from];
            System.arraycopy(order, from, indices, 0, indices.length);
            Batch batch = dataset.batch(indices);
            produced = b + 1;
            return batch;
        }

        /** The next batch, or null at the end of the epoch. */
        Batch take() {
            if (stopped) {
                throw new IllegalStateException("this pass over epoch " + epoch
                        + " was stopped (closed, or superseded by a newer pass of the same loader)");
            }
            if (thread == null) {
                if (produced >= end) return null;
                try {
                    return make(produced);
                } catch (RuntimeException | Error e) {
                    stop();
                    throw e;
                }
            }
            Item item;
            try {
                item = poll();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new CancellationException(
                        "interrupted while waiting for batch " + consumed + " of epoch " + epoch);
            }
            return switch (item) {
                case Item.Ready r -> r.batch();
                case Item.End e -> {
                    stop();
                    yield null;
                }
                case Item.Failed f -> {
                    stop();
                    throw rethrow(f.error(), f.batch());
                }
            };
        }

        private Item poll() throws InterruptedException {
            while (true) {
                Item item = queue.poll(200, TimeUnit.MILLISECONDS);
                if (item != null) return item;
                if (!thread.isAlive() && queue.isEmpty()) {
                    throw new IllegalStateException(
                            "the data loader's thread for epoch " + epoch + " ended without finishing the epoch");
                }
            }
        }

        private RuntimeException rethrow(Throwable error, int batch) {
            // Keep the producer's exception type and stack (they point at the dataset); note where it surfaced.
            error.addSuppressed(new IllegalStateException(
                    "surfaced in the data loader's consumer at batch " + batch + " of epoch " + epoch));
            if (error instanceof RuntimeException r) return r;
            if (error instanceof Error err) throw err;
            return new IllegalStateException(
                    "preparing batch " + batch + " of epoch " + epoch + " failed: " + error, error);
        }

        void stop() {
            stopped = true;
            Thread t = thread;
            if (t != null) t.interrupt();
            queue.clear();
        }
    }
}
