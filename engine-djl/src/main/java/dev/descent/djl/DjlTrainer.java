package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.descent.djl.optim.DjlOptimizer;
import dev.descent.train.CancellationToken;
import dev.descent.train.Checkpoint;
import dev.descent.train.LayerSpec;
import dev.descent.train.MetricPoint;
import dev.descent.train.TrainConfig;
import dev.descent.train.TrainJob;
import dev.descent.train.TrainResult;
import dev.descent.train.TrainingListener;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The training loop on libtorch: shuffled mini-batches, forward, loss, backward, optimizer step; evaluation
 * on the validation split each epoch and on the test set at the end; a checkpoint every epoch.
 * <p>
 * Each step runs in its own {@link NDManager} sub-manager, closed at the step's end, so native memory stays
 * flat however long the run. Autograd is on only for forward and backward (libtorch's grad mode is per
 * thread); gradients are zeroed after every update because libtorch accumulates them.
 * <p>
 * Metrics: {@code train/loss}, {@code lr} and {@code grad_norm} at the optimizer step, at most
 * {@value #POINTS_PER_EPOCH} times an epoch and always at its last step; {@code train/accuracy},
 * {@code val/loss}, {@code val/accuracy}, {@code throughput/samples_per_s} and {@code sys/heap_mb} at the
 * epoch (1-based); {@code test/loss} and {@code test/accuracy} at the last epoch.
 */
final class DjlTrainer {
    static final int POINTS_PER_EPOCH = 200;
    private static final int EVAL_BATCH = 1024;

    private final TrainJob job;
    private final TrainConfig config;
    private final TrainingListener listener;
    private final CancellationToken cancel;
    private final String loss;

    DjlTrainer(TrainJob job, TrainingListener listener, CancellationToken cancel) {
        this.job = job;
        this.config = job.config();
        this.listener = listener == null ? TrainingListener.NONE : listener;
        this.cancel = cancel == null ? new CancellationToken() : cancel;
        this.loss = job.model().loss();
    }

    TrainResult run() {
        NetPlan plan = NetPlan.of(job.model());
        DjlOptimizer optimizer = DjlOptimizer.of(config.optimizer());
        Schedule schedule = new Schedule(config.optimizer().lr(), config.schedule(), config.epochs());
        HostData data = HostData.of(job.data().train(), "train", job.model().input(), loss, plan.output());
        HostData test = job.data().test() == null ? null : HostData.of(job.data().test(), "test", job.model().input(), loss, plan.output());
        int valCount = (int) Math.round(data.size * config.valSplit());
        int trainCount = data.size - valCount;
        if (trainCount <= 0) throw new IllegalArgumentException("valSplit " + config.valSplit() + " leaves no training samples out of " + data.size);
        boolean reseedEachStep = job.model().layers().stream().anyMatch(l -> l instanceof LayerSpec.Dropout d && d.p() > 0);

        DjlRuntime.useThreadsOnThisThread();
        boolean gradMode = JniUtils.isGradMode();
        try (NDManager root = DjlRuntime.newManager()) {
            Net net = new Net(plan, root, config.seed());
            DjlCheckpoint.Position at = new DjlCheckpoint.Position(0, 0, 0, config.seed());
            if (job.resumeFrom() != null) at = DjlCheckpoint.restore(job.resumeFrom(), net, optimizer, schedule);
            long seed = at.seed();
            List<DjlOptimizer.NamedArray> params = new ArrayList<>();
            for (Layer.Param p : net.params()) params.add(new DjlOptimizer.NamedArray(p.name(), p.array()));

            int stepsPerEpoch = Math.ceilDiv(trainCount, config.batchSize());
            int logEvery = Math.max(1, Math.ceilDiv(stepsPerEpoch, POINTS_PER_EPOCH));
            long step = at.step();
            List<Double> epochSeconds = new ArrayList<>();
            Map<String, Double> last = new LinkedHashMap<>();
            double bestMonitored = Double.POSITIVE_INFINITY;
            int epochsWithoutBetter = 0;
            long samplesSeen = 0;
            double secondsTotal = 0;

            for (int epoch = at.epoch(); epoch < config.epochs(); epoch++) {
                int[] order = permutation(trainCount, seed, epoch);
                int firstBatch = epoch == at.epoch() ? at.batch() : 0;
                long start = System.nanoTime();
                double lossSum = 0;
                long lossCount = 0, correct = 0, predictions = 0, samples = 0;
                for (int b = firstBatch; b < stepsPerEpoch; b++) {
                    if (cancel.isCancelled()) {
                        Checkpoint cp = DjlCheckpoint.write(net, optimizer, schedule, new DjlCheckpoint.Position(epoch, b, step, seed));
                        listener.onCheckpoint(cp);
                        return result(TrainResult.Status.CANCELLED, "cancelled: " + cancel.reason(), epoch, step, epochSeconds, samplesSeen, secondsTotal, net, last);
                    }
                    int from = b * config.batchSize(), to = Math.min(trainCount, from + config.batchSize());
                    double lr = schedule.lr(epoch, step);
                    boolean log = (b + 1) % logEvery == 0 || b == stepsPerEpoch - 1;
                    try (NDManager s = root.newSubManager()) {
                        if (reseedEachStep) JniUtils.setSeed(mix(seed, step));
                        NDArray x = data.features(s, order, from, to);
                        NDArray y = data.targets(s, order, from, to);
                        JniUtils.setGradMode(true);
                        NDArray out = net.forward(x, true);
                        NDArray l = Losses.loss(loss, out, y);
                        double value = l.getFloat();
                        if (!Double.isFinite(value)) {
                            return result(TrainResult.Status.DIVERGED, "diverged at step " + (step + 1) + " (train/loss " + value + ")",
                                    epoch, step, epochSeconds, samplesSeen, secondsTotal, net, last);
                        }
                        JniUtils.backward((PtNDArray) l, (PtNDArray) s.ones(l.getShape()), false, false);
                        JniUtils.setGradMode(false);
                        List<NDArray> grads = gradients(params, s);
                        double gradNorm = log || config.clipGradNorm() > 0 ? norm(grads) : Double.NaN;
                        if (config.clipGradNorm() > 0 && gradNorm > config.clipGradNorm()) {
                            double scale = config.clipGradNorm() / (gradNorm + 1e-6);
                            for (NDArray g : grads) g.muli(scale);
                        }
                        optimizer.step(params, grads, lr, s);
                        for (DjlOptimizer.NamedArray p : params) JniUtils.zeroGrad((PtNDArray) p.array());
                        step++;
                        Losses.Hits hits = Losses.correct(loss, out, y);
                        if (hits != null) {
                            correct += hits.correct();
                            predictions += hits.total();
                        }
                        lossSum += value * (to - from);
                        lossCount += to - from;
                        samples += to - from;
                        if (log) {
                            Instant now = Instant.now();
                            listener.onMetrics(List.of(new MetricPoint("train/loss", step, value, now), new MetricPoint("lr", step, lr, now),
                                    new MetricPoint("grad_norm", step, gradNorm, now)));
                        }
                    } finally {
                        JniUtils.setGradMode(false);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                epochSeconds.add(seconds);
                secondsTotal += seconds;
                samplesSeen += samples;
                int done = epoch + 1;
                List<MetricPoint> points = new ArrayList<>();
                Instant now = Instant.now();
                if (lossCount > 0) last.put("train/loss", lossSum / lossCount);
                if (predictions > 0) {
                    last.put("train/accuracy", (double) correct / predictions);
                    points.add(new MetricPoint("train/accuracy", done, (double) correct / predictions, now));
                }
                double monitored = lossCount > 0 ? lossSum / lossCount : Double.NaN;
                if (valCount > 0) {
                    double[] val = evaluate(net, root, data, trainCount, data.size);
                    monitored = val[0];
                    last.put("val/loss", val[0]);
                    points.add(new MetricPoint("val/loss", done, val[0], now));
                    if (!Double.isNaN(val[1])) {
                        last.put("val/accuracy", val[1]);
                        points.add(new MetricPoint("val/accuracy", done, val[1], now));
                    }
                }
                points.add(new MetricPoint("throughput/samples_per_s", done, samples / seconds, now));
                Runtime rt = Runtime.getRuntime();
                points.add(new MetricPoint("sys/heap_mb", done, (rt.totalMemory() - rt.freeMemory()) / 1048576.0, now));
                listener.onMetrics(points);
                listener.onEpochEnd(done, step);
                schedule.observe(monitored);
                listener.onCheckpoint(DjlCheckpoint.write(net, optimizer, schedule, new DjlCheckpoint.Position(done, 0, step, seed)));
                if (config.earlyStoppingPatience() > 0 && !Double.isNaN(monitored)) {
                    if (monitored < bestMonitored) {
                        bestMonitored = monitored;
                        epochsWithoutBetter = 0;
                    } else if (++epochsWithoutBetter >= config.earlyStoppingPatience() && done < config.epochs()) {
                        testMetrics(net, root, test, done, last);
                        return result(TrainResult.Status.EARLY_STOPPED, "early stopped after epoch " + done + ": " + (valCount > 0 ? "val/loss" : "train/loss")
                                + " has not improved on " + bestMonitored + " for " + epochsWithoutBetter + " epochs", done, step, epochSeconds, samplesSeen, secondsTotal, net, last);
                    }
                }
            }
            testMetrics(net, root, test, config.epochs(), last);
            return result(TrainResult.Status.SUCCEEDED, "trained " + config.epochs() + " epochs", config.epochs(), step, epochSeconds, samplesSeen, secondsTotal, net, last);
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private void testMetrics(Net net, NDManager root, HostData test, int epoch, Map<String, Double> last) {
        if (test == null) return;
        double[] t = evaluate(net, root, test, 0, test.size);
        Instant now = Instant.now();
        List<MetricPoint> points = new ArrayList<>();
        last.put("test/loss", t[0]);
        points.add(new MetricPoint("test/loss", epoch, t[0], now));
        if (!Double.isNaN(t[1])) {
            last.put("test/accuracy", t[1]);
            points.add(new MetricPoint("test/accuracy", epoch, t[1], now));
        }
        listener.onMetrics(points);
    }

    /** Mean loss and accuracy (NaN for regression) over samples [from, to) in inference mode. */
    private double[] evaluate(Net net, NDManager root, HostData data, int from, int to) {
        int[] order = new int[data.size];
        for (int i = 0; i < order.length; i++) order[i] = i;
        double lossSum = 0;
        long correct = 0, predictions = 0;
        JniUtils.setGradMode(false);
        for (int b = from; b < to; b += EVAL_BATCH) {
            int end = Math.min(to, b + EVAL_BATCH);
            try (NDManager s = root.newSubManager()) {
                NDArray out = net.forward(data.features(s, order, b, end), false);
                NDArray y = data.targets(s, order, b, end);
                lossSum += Losses.loss(loss, out, y).getFloat() * (end - b);
                Losses.Hits hits = Losses.correct(loss, out, y);
                if (hits != null) {
                    correct += hits.correct();
                    predictions += hits.total();
                }
            }
        }
        return new double[] {lossSum / (to - from), predictions == 0 ? Double.NaN : (double) correct / predictions};
    }

    /** Each parameter's gradient, moved into the step's manager (DJL wraps it in the parameter's manager otherwise). */
    private static List<NDArray> gradients(List<DjlOptimizer.NamedArray> params, NDManager step) {
        List<NDArray> grads = new ArrayList<>(params.size());
        for (DjlOptimizer.NamedArray p : params) {
            NDArray g = p.array().getGradient();
            g.attach(step);
            grads.add(g);
        }
        return grads;
    }

    private static double norm(List<NDArray> grads) {
        double sum = 0;
        for (NDArray g : grads) sum += g.square().sum().getFloat();
        return Math.sqrt(sum);
    }

    /** The epoch's shuffle, a function of (seed, epoch) alone so a resumed run sees the same order. */
    static int[] permutation(int n, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Random random = new Random(mix(seed, epoch));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** A well-spread 64-bit seed from two numbers (SplitMix64's finaliser). */
    static long mix(long seed, long n) {
        long z = seed * 0x9E3779B97F4A7C15L + n + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private TrainResult result(TrainResult.Status status, String message, int epochs, long steps, List<Double> epochSeconds,
                               long samples, double seconds, Net net, Map<String, Double> metrics) {
        return new TrainResult(status, message, epochs, steps, epochSeconds, seconds > 0 ? samples / seconds : 0, net.parameterCount(), metrics);
    }
}
