package dev.descent.spec;

import dev.descent.backend.Backends;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metric points of a training run, with the keys and steps that every engine sends (the platform charts everything
 * against the global optimizer step):
 *
 * <ul>
 *   <li>each optimizer step: {@code train/loss}, {@code train/accuracy} (classification), {@code lr} (the rate the step
 *       used) and {@code grad_norm} (before clipping), at that step;
 *   <li>each epoch end: {@code train/epoch_loss}, {@code train/epoch_accuracy}, {@code throughput/samples_per_s},
 *       {@code epoch}, {@code sys/heap_mb}, {@code sys/gpu_mem_mb} (on a GPU backend), {@code val/loss} and
 *       {@code val/accuracy}, at the step where the epoch ended;
 *   <li>the test pass: {@code test/loss} and {@code test/accuracy}, at the final step.
 * </ul>
 *
 * It keeps the last epoch, validation and test values for the {@link TrainResult}.
 */
public final class RunMetrics {
    private final TrainingListener listener;
    private final boolean classification;
    private final Map<String, Double> last = new LinkedHashMap<>();

    /** A pass over held-out data: the mean loss per example and the fraction classified right. */
    public record Evaluation(double loss, double accuracy) {}

    public RunMetrics(TrainingListener listener, boolean classification) {
        this.listener = listener == null ? TrainingListener.NONE : listener;
        this.classification = classification;
    }

    /**
     * A batch's loss as a total over its {@code n} examples, which sums and divides into the per-example mean every
     * engine reports: a mean loss times n, a summed loss (already a total over the batch) as it is.
     */
    public static double batchTotal(ModelSpec spec, double batchLoss, int n) {
        return spec.lossReduction().equals("sum") ? batchLoss : batchLoss * n;
    }

    /** One optimizer step on {@code batchSize} examples, {@code correct} of them classified right. */
    public void step(long step, double loss, long correct, int batchSize, double lr, double gradNorm) {
        Instant now = Instant.now();
        List<MetricPoint> points = new ArrayList<>(4);
        points.add(new MetricPoint("train/loss", step, loss, now));
        if (classification) points.add(new MetricPoint("train/accuracy", step, (double) correct / batchSize, now));
        points.add(new MetricPoint("lr", step, lr, now));
        if (Double.isFinite(gradNorm)) points.add(new MetricPoint("grad_norm", step, gradNorm, now));
        listener.onMetrics(points);
    }

    /**
     * The end of epoch {@code epoch} (1-based) at global step {@code step}, whose examples add up to {@code tally};
     * {@code timedSamples} of them were trained in {@code seconds} (fewer than the tally's when the epoch was resumed
     * mid-way); {@code validation} is null without a validation set. Returns the loss that early stopping and plateau
     * schedules watch: the validation loss, else the epoch's training loss.
     */
    public double epoch(
            long step, int epoch, EpochTally tally, long timedSamples, double seconds, Evaluation validation) {
        List<MetricPoint> points = new ArrayList<>();
        Instant now = Instant.now();
        long seen = tally.seen();
        double trainLoss = tally.lossSum() / Math.max(seen, 1);
        add(points, "train/epoch_loss", step, trainLoss, now, true);
        if (classification)
            add(points, "train/epoch_accuracy", step, (double) tally.correct() / Math.max(seen, 1), now, true);
        add(points, "throughput/samples_per_s", step, timedSamples / seconds, now, false);
        add(points, "epoch", step, epoch, now, false);
        Runtime rt = Runtime.getRuntime();
        add(points, "sys/heap_mb", step, (rt.totalMemory() - rt.freeMemory()) / 1048576.0, now, false);
        // descent.cuda.memory's allocated bytes on a GPU backend; nothing on cpu, whose memory is the heap's.
        Long deviceBytes = Backends.getDefault().memoryStats().get("allocated_bytes");
        if (deviceBytes != null) add(points, "sys/gpu_mem_mb", step, deviceBytes / 1048576.0, now, false);
        if (validation != null) evaluation(points, "val", step, validation, now);
        listener.onMetrics(points);
        return validation != null ? validation.loss() : trainLoss;
    }

    /** The test pass after the last epoch, at the final step. */
    public void test(long step, Evaluation test) {
        List<MetricPoint> points = new ArrayList<>();
        evaluation(points, "test", step, test, Instant.now());
        listener.onMetrics(points);
    }

    private void evaluation(List<MetricPoint> points, String prefix, long step, Evaluation e, Instant now) {
        add(points, prefix + "/loss", step, e.loss(), now, true);
        if (classification) add(points, prefix + "/accuracy", step, e.accuracy(), now, true);
    }

    /** A point; {@code keep} also makes it the key's last value for the result. */
    private void add(List<MetricPoint> points, String key, long step, double value, Instant now, boolean keep) {
        points.add(new MetricPoint(key, step, value, now));
        if (keep) last.put(key, value);
    }

    /** The latest epoch, validation and test values by key. */
    public Map<String, Double> last() {
        return last;
    }
}
