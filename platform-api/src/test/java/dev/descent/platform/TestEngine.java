package dev.descent.platform;

import dev.descent.spec.CancellationToken;
import dev.descent.spec.Checkpoint;
import dev.descent.spec.MetricPoint;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.TrainConfig;
import dev.descent.spec.TrainJob;
import dev.descent.spec.TrainResult;
import dev.descent.spec.TrainingEngine;
import dev.descent.spec.TrainingListener;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An engine for the queue's own tests: it "trains" ceil(train size / batch size) steps per epoch, logging train/loss =
 * 1 / step at each, checkpointing every epoch and on cancel, and resuming from a checkpoint's step. Runs are told apart
 * by their seed, which keys what it records and how it behaves.
 */
public final class TestEngine implements TrainingEngine {
    /** Executions begun per seed. */
    public static final Map<Long, AtomicInteger> STARTS = new ConcurrentHashMap<>();
    /** The step each seed's run resumed from, when it did. */
    public static final Map<Long, Long> RESUMED_AT = new ConcurrentHashMap<>();
    /** A pause per step, by seed (none when absent). */
    public static final Map<Long, Long> STEP_DELAY_MS = new ConcurrentHashMap<>();
    /** Report divergence at this step, by seed. */
    public static final Map<Long, Long> DIVERGE_AT = new ConcurrentHashMap<>();
    /** A val/accuracy to report at the end of each epoch (the last value repeats past its end), by seed. */
    public static final Map<Long, double[]> EPOCH_ACCURACY = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "test";
    }

    @Override
    public void validate(ModelSpec spec, TrainConfig config) {}

    @Override
    public TrainResult train(TrainJob job, TrainingListener listener, CancellationToken cancel) {
        TrainConfig c = job.config();
        long seed = c.seed();
        STARTS.computeIfAbsent(seed, s -> new AtomicInteger()).incrementAndGet();
        int perEpoch = Math.ceilDiv(job.data().train().size(), c.batchSize());
        long step = 0;
        int epoch = 0;
        if (job.resumeFrom() != null) {
            ByteBuffer b = ByteBuffer.wrap(job.resumeFrom().bytes());
            epoch = b.getInt();
            step = b.getLong();
            RESUMED_AT.put(seed, step);
        }
        long delay = STEP_DELAY_MS.getOrDefault(seed, 0L);
        long total = (long) perEpoch * c.epochs();
        while (step < total) {
            if (cancel.isCancelled()) {
                listener.onCheckpoint(checkpoint(epoch, step));
                return result(TrainResult.Status.CANCELLED, "cancelled: " + cancel.reason(), epoch, step);
            }
            step++;
            if (DIVERGE_AT.containsKey(seed) && step == DIVERGE_AT.get(seed)) {
                listener.onMetrics(List.of(new MetricPoint("train/loss", step, Double.NaN, Instant.now())));
                return result(TrainResult.Status.DIVERGED, "diverged at step " + step, epoch, step);
            }
            listener.onMetrics(List.of(new MetricPoint("train/loss", step, 1.0 / step, Instant.now())));
            sleep(delay);
            if (step % perEpoch == 0) {
                epoch++;
                double[] curve = EPOCH_ACCURACY.get(seed);
                if (curve != null)
                    listener.onMetrics(List.of(new MetricPoint(
                            "val/accuracy", step, curve[Math.min(epoch, curve.length) - 1], Instant.now())));
                listener.onEpochEnd(epoch, step);
                listener.onCheckpoint(checkpoint(epoch, step));
            }
        }
        return result(TrainResult.Status.SUCCEEDED, "done", epoch, step);
    }

    public static void reset() {
        STARTS.clear();
        RESUMED_AT.clear();
        STEP_DELAY_MS.clear();
        DIVERGE_AT.clear();
        EPOCH_ACCURACY.clear();
    }

    private static Checkpoint checkpoint(int epoch, long step) {
        return new Checkpoint(
                epoch, step, ByteBuffer.allocate(12).putInt(epoch).putLong(step).array());
    }

    private static TrainResult result(TrainResult.Status status, String message, int epochs, long steps) {
        return new TrainResult(
                status, message, epochs, steps, List.of(), 0, 0, Map.of("train/loss", steps == 0 ? 1.0 : 1.0 / steps));
    }

    private static void sleep(long ms) {
        if (ms <= 0) return;
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
