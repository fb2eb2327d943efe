package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.descent.data.DataLoader;
import dev.descent.data.Datasets;
import dev.descent.djl.optim.DjlOptimizer;
import dev.descent.optim.LearningRates;
import dev.descent.optim.LrScheduler;
import dev.descent.optim.Schedules;
import dev.descent.spec.CancellationToken;
import dev.descent.spec.Checkpoint;
import dev.descent.spec.EarlyStopping;
import dev.descent.spec.EpochTally;
import dev.descent.spec.LayerSpec;
import dev.descent.spec.ModelPlan;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.RunMetrics;
import dev.descent.spec.TargetEncoding;
import dev.descent.spec.TrainClock;
import dev.descent.spec.TrainConfig;
import dev.descent.spec.TrainJob;
import dev.descent.spec.TrainResult;
import dev.descent.spec.TrainingListener;
import java.util.ArrayList;
import java.util.List;

/**
 * The training loop on libtorch, step for step the native engine's ({@code dev.descent.train.Trainer}): the same
 * validation split, batch order, target encoding, loss reduction, learning-rate schedule, gradient clipping, metrics
 * ({@link RunMetrics}), early stopping and stopping rules, and the same starting weights for a seed
 * ({@link InitialWeights}). What differs is where the numbers are computed, and dropout's masks.
 *
 * <p>Each step runs in its own {@link NDManager} sub-manager, closed at the step's end, so native memory stays flat
 * however long the run. Autograd is on only for forward and backward (libtorch's grad mode is per thread); gradients
 * are zeroed after every update because libtorch accumulates them.
 */
final class DjlTrainer {
    private final TrainJob job;
    private final ModelSpec spec;
    private final ModelPlan plan;
    private final TrainConfig config;
    private final TrainingListener listener;
    private final CancellationToken cancel;

    private final DjlOptimizer optimizer;
    private final LearningRates.Single lr;
    private final LrScheduler schedule;
    private final TargetEncoding targets;
    private final RunMetrics metrics;
    private final HostData train, validation, test;
    /** Only its batch order is used: the shuffle of (seed, epoch) that the native engine's loader makes. */
    private final DataLoader batches;

    private final int stepsPerEpoch;
    private final boolean dropout;
    private final EarlyStopping stopping;

    private long step;
    private int epoch, startBatch;
    /** The interrupted epoch's sums so far when resuming mid-epoch; empty otherwise. */
    private EpochTally resumedTally = EpochTally.EMPTY;

    private TrainClock resumedClock = TrainClock.EMPTY;

    /** A trainer for {@code job}, whose model spec {@code plan} has planned and {@link Net#check} accepted. */
    DjlTrainer(TrainJob job, ModelPlan plan, TrainingListener listener, CancellationToken cancel) {
        if (!plan.spec().equals(job.model()))
            throw new IllegalArgumentException("the plan is not of the job's model spec");
        this.job = job;
        this.plan = plan;
        this.spec = job.model();
        this.config = job.config();
        this.listener = listener == null ? TrainingListener.NONE : listener;
        this.cancel = cancel == null ? new CancellationToken() : cancel;
        this.optimizer = DjlOptimizer.of(config.optimizer());
        Datasets.Split split = Datasets.split(job.data().train(), config.valSplit(), config.seed());
        if (split.train().size() == 0)
            throw new IllegalArgumentException(
                    "the training set of '" + job.data().name() + "' is empty");
        this.targets = TargetEncoding.of(plan, split.train());
        this.metrics = new RunMetrics(this.listener, targets.classification());
        this.train = HostData.of(split.train(), "train", plan, targets);
        this.validation =
                split.validation() == null ? null : HostData.of(split.validation(), "validation", plan, targets);
        this.test = job.data().test() == null ? null : HostData.of(job.data().test(), "test", plan, targets);
        this.stepsPerEpoch = Math.max(1, Math.ceilDiv(train.size, config.batchSize()));
        this.batches = new DataLoader(split.train(), config.batchSize(), true, false, config.seed(), 0);
        this.lr = LearningRates.single(config.optimizer().lr());
        this.schedule = config.schedule() == null ? null : Schedules.create(config.schedule(), lr, stepsPerEpoch);
        this.stopping = new EarlyStopping(config.earlyStoppingPatience());
        this.dropout = spec.layers().stream().anyMatch(l -> l instanceof LayerSpec.Dropout d && d.p() > 0);
    }

    TrainResult run() {
        DjlRuntime.useThreadsOnThisThread();
        boolean gradMode = JniUtils.isGradMode();
        try (NDManager root = DjlRuntime.newManager();
                batches) {
            Net net = new Net(plan, InitialWeights.of(plan, config.seed(), root));
            if (job.resumeFrom() != null) {
                DjlCheckpoint.Position at =
                        DjlCheckpoint.restore(job.resumeFrom(), net, optimizer, schedule, lr, stopping, config);
                epoch = at.epoch();
                startBatch = at.batch();
                step = at.step();
                resumedTally = at.tally();
                resumedClock = at.clock();
            }
            List<DjlOptimizer.NamedArray> params = new ArrayList<>();
            for (Layer.Param p : net.params()) params.add(new DjlOptimizer.NamedArray(p.name(), p.array()));
            return loop(net, root, params);
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private TrainResult loop(Net net, NDManager root, List<DjlOptimizer.NamedArray> params) {
        // A resumed run's result covers the attempts before it too: its clock came with the checkpoint.
        List<Double> epochSeconds = new ArrayList<>(resumedClock.epochSeconds());
        long trainedSamples = resumedClock.samples();
        double trainedSeconds = resumedClock.seconds();
        double epochSoFar = resumedClock.epochSoFar();
        for (; epoch < config.epochs(); epoch++) {
            int[] order = batches.order(epoch);
            long started = System.nanoTime();
            EpochTally tally = resumedTally;
            resumedTally = EpochTally.EMPTY;
            long seen = 0;
            for (int b = startBatch; b < stepsPerEpoch; b++) {
                if (cancel.isCancelled()) {
                    double elapsed = (System.nanoTime() - started) / 1e9;
                    TrainClock clock = new TrainClock(
                            epochSeconds, epochSoFar + elapsed, trainedSamples + seen, trainedSeconds + elapsed);
                    listener.onCheckpoint(checkpoint(net, epoch, b, tally, clock));
                    return result(
                            TrainResult.Status.CANCELLED,
                            "cancelled: " + cancel.reason(),
                            epochSeconds,
                            trainedSamples,
                            trainedSeconds,
                            net);
                }
                int from = b * config.batchSize(), to = Math.min(train.size, from + config.batchSize());
                try (NDManager s = root.newSubManager()) {
                    // Dropout masks come from libtorch's generator, seeded per step so a resumed run draws the same
                    // ones.
                    if (dropout) JniUtils.setSeed(DjlCheckpoint.mix(config.seed(), step));
                    JniUtils.setGradMode(true);
                    NDArray out = net.forward(train.features(s, order, from, to), true);
                    NDArray l =
                            DjlLosses.loss(spec.loss(), spec.lossReduction(), out, train.targets(s, order, from, to));
                    double value = l.getFloat();
                    step++;
                    // A non-finite loss stops the run before it can poison the weights.
                    if (!Double.isFinite(value)) {
                        return result(
                                TrainResult.Status.DIVERGED,
                                "diverged at step " + step,
                                epochSeconds,
                                trainedSamples,
                                trainedSeconds,
                                net);
                    }
                    JniUtils.backward((PtNDArray) l, (PtNDArray) s.ones(l.getShape()), false, false);
                    JniUtils.setGradMode(false);
                    List<NDArray> grads = gradients(params, s);
                    double gradNorm = clip(grads);
                    double rate = lr.lr();
                    optimizer.step(params, grads, rate, s);
                    for (DjlOptimizer.NamedArray p : params) JniUtils.zeroGrad((PtNDArray) p.array());
                    long right = targets.classification()
                            ? targets.correct(Copies.tensor(out), train.labels(order, from, to))
                            : 0;
                    int n = to - from;
                    tally = tally.add(RunMetrics.batchTotal(spec, value, n), n, right);
                    seen += n;
                    metrics.step(step, value, right, n, rate, gradNorm);
                    if (schedule != null && schedule.interval() == LrScheduler.Interval.BATCH) schedule.step();
                } finally {
                    JniUtils.setGradMode(false);
                }
            }
            startBatch = 0;
            double seconds = (System.nanoTime() - started) / 1e9;
            epochSeconds.add(epochSoFar + seconds);
            epochSoFar = 0;
            trainedSamples += seen;
            trainedSeconds += seconds;

            double monitored = metrics.epoch(
                    step, epoch + 1, tally, seen, seconds, validation == null ? null : evaluate(net, root, validation));
            if (schedule != null && schedule.interval() == LrScheduler.Interval.EPOCH) schedule.step(monitored);
            listener.onEpochEnd(epoch + 1, step);
            // Counted before the checkpoint, so that the checkpoint holds this epoch's verdict.
            EarlyStopping.Stop stop = stopping.afterEpoch(monitored, step, validation != null);
            listener.onCheckpoint(checkpoint(
                    net,
                    epoch + 1,
                    0,
                    EpochTally.EMPTY,
                    new TrainClock(epochSeconds, 0, trainedSamples, trainedSeconds)));

            if (stop != null) {
                if (stop.status() == TrainResult.Status.EARLY_STOPPED) {
                    epoch++;
                    testMetrics(net, root);
                }
                return result(stop.status(), stop.message(), epochSeconds, trainedSamples, trainedSeconds, net);
            }
        }
        testMetrics(net, root);
        return result(TrainResult.Status.SUCCEEDED, "", epochSeconds, trainedSamples, trainedSeconds, net);
    }

    private void testMetrics(Net net, NDManager root) {
        if (test != null) metrics.test(step, evaluate(net, root, test));
    }

    /**
     * Mean loss and accuracy over {@code data} in inference mode, in batches the size the native engine evaluates in.
     */
    private RunMetrics.Evaluation evaluate(Net net, NDManager root, HostData data) {
        int[] order = new int[data.size];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int batch = Math.max(config.batchSize(), 500);
        double lossSum = 0;
        long correct = 0;
        JniUtils.setGradMode(false);
        for (int from = 0; from < data.size; from += batch) {
            int to = Math.min(data.size, from + batch);
            try (NDManager s = root.newSubManager()) {
                NDArray out = net.forward(data.features(s, order, from, to), false);
                double batchLoss = DjlLosses.loss(
                                spec.loss(), spec.lossReduction(), out, data.targets(s, order, from, to))
                        .getFloat();
                lossSum += RunMetrics.batchTotal(spec, batchLoss, to - from);
                if (targets.classification())
                    correct += targets.correct(Copies.tensor(out), data.labels(order, from, to));
            }
        }
        return new RunMetrics.Evaluation(lossSum / data.size, (double) correct / data.size);
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

    /**
     * The total L2 norm of the gradients, which it returns, scaled down to the configured maximum as the native
     * engine's {@code Clip.gradNorm_} does (a non-finite norm is left alone, so the divergence shows).
     */
    private double clip(List<NDArray> grads) {
        NDArray squares = null;
        for (NDArray g : grads) {
            NDArray s = g.square().sum();
            squares = squares == null ? s : squares.add(s);
        }
        double norm = squares == null ? 0 : Math.sqrt(squares.getFloat());
        double scale = config.clipGradNorm() / (norm + 1e-6);
        if (config.clipGradNorm() > 0 && Double.isFinite(norm) && scale < 1) {
            for (NDArray g : grads) g.muli(scale);
        }
        return norm;
    }

    private Checkpoint checkpoint(Net net, int epochs, int batch, EpochTally tally, TrainClock clock) {
        return DjlCheckpoint.write(
                net,
                optimizer,
                schedule,
                lr,
                stopping,
                config,
                new DjlCheckpoint.Position(epochs, batch, step, config.seed(), tally, clock));
    }

    private TrainResult result(
            TrainResult.Status status,
            String message,
            List<Double> epochSeconds,
            long samples,
            double seconds,
            Net net) {
        return new TrainResult(
                status,
                message,
                epoch,
                step,
                epochSeconds,
                seconds > 0 ? samples / seconds : 0,
                net.parameterCount(),
                metrics.last());
    }
}
