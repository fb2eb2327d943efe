package dev.descent.train;

import dev.descent.autograd.GradMode;
import dev.descent.backend.Generator;
import dev.descent.data.Batch;
import dev.descent.data.DataLoader;
import dev.descent.data.DataSplits;
import dev.descent.data.Dataset;
import dev.descent.data.Datasets;
import dev.descent.loss.Loss;
import dev.descent.nn.Module;
import dev.descent.nn.Parameter;
import dev.descent.optim.Clip;
import dev.descent.optim.LBFGS;
import dev.descent.optim.LrScheduler;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.optim.Schedules;
import dev.descent.spec.CancellationToken;
import dev.descent.spec.Checkpoint;
import dev.descent.spec.ConfigException;
import dev.descent.spec.EarlyStopping;
import dev.descent.spec.EpochTally;
import dev.descent.spec.ModelPlan;
import dev.descent.spec.RunMetrics;
import dev.descent.spec.TargetEncoding;
import dev.descent.spec.TrainClock;
import dev.descent.spec.TrainConfig;
import dev.descent.spec.TrainJob;
import dev.descent.spec.TrainResult;
import dev.descent.spec.TrainingListener;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The training loop of the native engine: epochs of shuffled batches, a validation pass per epoch, a test pass at the
 * end, metrics out through a {@link TrainingListener}, a checkpoint every epoch (and when cancelled), and a stop on
 * cancellation, on a non-finite loss ("diverged at step N") or on early stopping.
 *
 * <p>Everything random comes from the seed: weights and dropout from one generator (its state goes into checkpoints),
 * the batch order from (seed, epoch). A resumed run therefore repeats the uninterrupted curve.
 */
public final class Trainer {
    private final TrainJob job;
    private final TrainConfig config;
    private final TrainingListener listener;
    private final CancellationToken cancel;
    private final Generator generator;
    private final Module model;
    /** The model's parameters, listed once: the eager step reads them for the gradient norm every batch. */
    private final List<Parameter> parameters;

    private final Loss loss;
    private final Optimizer<?> optimizer;
    private final LrScheduler schedule;
    private final TargetEncoding targets;
    private final RunMetrics metrics;
    private final Dataset train, validation, test;
    private final EarlyStopping stopping;
    /** The traced step of {@code --mode graph}; null in eager mode. */
    private final GraphSteps graphSteps;

    private final int[] input;
    private long step;
    private int epoch, startBatch;
    /** The interrupted epoch's sums so far when resuming mid-epoch; empty otherwise. */
    private EpochTally resumedTally = EpochTally.EMPTY;

    private TrainClock resumedClock = TrainClock.EMPTY;

    /** A trainer for {@code job}, whose model spec {@code plan} has planned, running eagerly. */
    public Trainer(TrainJob job, ModelPlan plan, TrainingListener listener, CancellationToken cancel) {
        this(job, plan, listener, cancel, Mode.EAGER);
    }

    /**
     * How training steps run: eagerly, op by op (define-by-run), or as a graph traced once per batch shape and replayed
     * (see {@link GraphSteps}).
     */
    public enum Mode {
        EAGER,
        GRAPH;

        /** "eager" or "graph", as {@code --mode} takes it. */
        public static Mode of(String name) {
            for (Mode m : values()) if (m.name().equalsIgnoreCase(name)) return m;
            throw new ConfigException("mode", "unknown mode '" + name + "'; expected eager or graph");
        }
    }

    /** A trainer for {@code job} whose steps run in {@code mode}. */
    public Trainer(TrainJob job, ModelPlan plan, TrainingListener listener, CancellationToken cancel, Mode mode) {
        if (!plan.spec().equals(job.model()))
            throw new IllegalArgumentException("the plan is not of the job's model spec");
        this.job = job;
        this.config = job.config();
        this.listener = listener == null ? TrainingListener.NONE : listener;
        this.cancel = cancel == null ? new CancellationToken() : cancel;
        this.generator = new Generator(config.seed());
        this.model = ModelBuilder.build(plan, generator);
        this.loss = ModelBuilder.loss(job.model());
        this.parameters = model.parameters();
        this.optimizer = Optimizers.create(config.optimizer(), parameters);
        DataSplits data = job.data();
        Datasets.Split split = Datasets.split(data.train(), config.valSplit(), config.seed());
        this.train = split.train();
        this.validation = split.validation();
        this.test = data.test();
        int stepsPerEpoch = batches(train.size());
        this.schedule =
                config.schedule() == null ? null : Schedules.create(config.schedule(), optimizer, stepsPerEpoch);
        if (train.size() == 0) throw new IllegalArgumentException("the training set of '" + data.name() + "' is empty");
        this.input = job.model().input();
        checkSampleShape(train.get(0).features());
        this.targets = TargetEncoding.of(plan, train);
        this.metrics = new RunMetrics(this.listener, targets.classification());
        this.stopping = new EarlyStopping(config.earlyStoppingPatience());
        if (job.resumeFrom() != null) restore(job.resumeFrom());
        if (mode == Mode.GRAPH && optimizer instanceof LBFGS)
            throw new ConfigException(
                    "mode",
                    "graph mode cannot trace L-BFGS: its line search reads the loss back"
                            + " and loops on it; use --mode eager");
        this.graphSteps = mode == Mode.GRAPH ? graphSteps() : null;
    }

    private GraphSteps graphSteps() {
        Runnable update = () -> {
            try (var _ = GradMode.noGrad()) {
                optimizer.step();
            }
        };
        return new GraphSteps(
                in -> {
                    optimizer.zeroGrad(false);
                    Tensor out = model.forward(in[0]);
                    Tensor l = loss.apply(out, in[1]);
                    l.backward();
                    return new Tensor[] {l.detach(), out.detach()};
                },
                () -> {
                    // The norm and scale stay on the device, so a step that clips replays whole; same bits as eager.
                    if (config.clipGradNorm() > 0)
                        Clip.gradNormWithoutReadBack_(model.parameters(), config.clipGradNorm());
                    update.run();
                },
                true,
                optimizer::frozenUpdateKey,
                optimizer::prepareReplayedStep);
    }

    /** The graph the last batches replayed ({@code --mode graph}), or null. */
    public dev.descent.graph.CompiledGraph graph(Tensor... inputs) {
        return graphSteps == null ? null : graphSteps.graph(inputs);
    }

    public Module model() {
        return model;
    }

    public TrainResult run() {
        // A resumed run's result covers the attempts before it too: its clock came with the checkpoint.
        List<Double> epochSeconds = new ArrayList<>(resumedClock.epochSeconds());
        long trainedSamples = resumedClock.samples();
        double trainedSeconds = resumedClock.seconds();
        double epochSoFar = resumedClock.epochSoFar();
        Map<String, Double> last = metrics.last();
        try (DataLoader loader =
                new DataLoader(train, config.batchSize(), true, false, config.seed(), DataLoader.DEFAULT_PREFETCH)) {
            for (; epoch < config.epochs(); epoch++) {
                model.train();
                long started = System.nanoTime();
                EpochTally tally = resumedTally;
                resumedTally = EpochTally.EMPTY;
                long seen = 0;
                var batches = loader.iterator(epoch, startBatch);
                try (batches) {
                    while (batches.hasNext()) {
                        if (cancel.isCancelled()) {
                            int batchIndex = batches.nextBatchIndex();
                            double elapsed = (System.nanoTime() - started) / 1e9;
                            TrainClock clock = new TrainClock(
                                    epochSeconds,
                                    epochSoFar + elapsed,
                                    trainedSamples + seen,
                                    trainedSeconds + elapsed);
                            listener.onCheckpoint(checkpoint(epoch, batchIndex, tally, clock));
                            return result(
                                    TrainResult.Status.CANCELLED,
                                    "cancelled: " + cancel.reason(),
                                    epochSeconds,
                                    trainedSamples,
                                    trainedSeconds,
                                    last);
                        }
                        Batch batch = batches.next();
                        StepResult r = trainStep(batch);
                        step++;
                        if (!Double.isFinite(r.loss)) {
                            return result(
                                    TrainResult.Status.DIVERGED,
                                    "diverged at step " + step,
                                    epochSeconds,
                                    trainedSamples,
                                    trainedSeconds,
                                    last);
                        }
                        int n = batch.size();
                        tally = tally.add(RunMetrics.batchTotal(job.model(), r.loss, n), n, r.correct);
                        seen += n;
                        metrics.step(step, r.loss, r.correct, n, optimizer.lr(), r.gradNorm);
                        if (schedule != null && schedule.interval() == LrScheduler.Interval.BATCH) schedule.step();
                    }
                }
                startBatch = 0;
                double seconds = (System.nanoTime() - started) / 1e9;
                epochSeconds.add(epochSoFar + seconds);
                epochSoFar = 0;
                trainedSamples += seen;
                trainedSeconds += seconds;

                double monitored = metrics.epoch(
                        step, epoch + 1, tally, seen, seconds, validation == null ? null : evaluate(validation));
                if (schedule != null && schedule.interval() == LrScheduler.Interval.EPOCH) schedule.step(monitored);
                listener.onEpochEnd(epoch + 1, step);
                // Counted before the checkpoint, so that the checkpoint holds this epoch's verdict.
                EarlyStopping.Stop stop = stopping.afterEpoch(monitored, step, validation != null);
                listener.onCheckpoint(checkpoint(
                        epoch + 1,
                        0,
                        EpochTally.EMPTY,
                        new TrainClock(epochSeconds, 0, trainedSamples, trainedSeconds)));

                if (stop != null) {
                    if (stop.status() == TrainResult.Status.EARLY_STOPPED) {
                        epoch++;
                        testMetrics();
                    }
                    return result(stop.status(), stop.message(), epochSeconds, trainedSamples, trainedSeconds, last);
                }
            }
        }
        testMetrics();
        return result(TrainResult.Status.SUCCEEDED, "", epochSeconds, trainedSamples, trainedSeconds, last);
    }

    private record StepResult(double loss, long correct, double gradNorm) {}

    private StepResult trainStep(Batch batch) {
        Tensor x = conform(batch.features());
        Tensor y = targets.encode(batch.targets());
        if (graphSteps != null) {
            // The update ran inside the graph (or right after it): a non-finite loss stops the run all the same.
            Tensor[] out = graphSteps.step(x, y);
            long correct = targets.classification() ? targets.correct(out[1], batch.targets()) : 0;
            return new StepResult(out[0].item(), correct, Double.NaN);
        }
        Tensor[] output = new Tensor[1];
        double[] norm = {Double.NaN};
        Supplier<Tensor> closure = () -> {
            optimizer.zeroGrad(false);
            Tensor out = model.forward(x);
            Tensor l = loss.apply(out, y);
            l.backward();
            norm[0] = Clip.gradNorm_(
                    parameters, config.clipGradNorm() > 0 ? config.clipGradNorm() : Double.POSITIVE_INFINITY);
            output[0] = out;
            return l;
        };
        double value;
        if (optimizer instanceof LBFGS) {
            value = optimizer.step(closure).item();
        } else {
            value = closure.get().item();
            // A non-finite loss stops the run before it can poison the weights.
            if (Double.isFinite(value)) {
                try (var _ = GradMode.noGrad()) {
                    optimizer.step();
                }
            }
        }
        long correct = targets.classification() ? targets.correct(output[0].detach(), batch.targets()) : 0;
        return new StepResult(value, correct, norm[0]);
    }

    private RunMetrics.Evaluation evaluate(Dataset data) {
        model.eval();
        double lossSum = 0;
        long correct = 0;
        int n = data.size();
        try (var _ = GradMode.noGrad();
                DataLoader loader = new DataLoader(data, Math.max(config.batchSize(), 500), false, false, 0, 1)) {
            for (Batch b : loader.epoch(0)) {
                Tensor out = model.forward(conform(b.features()));
                lossSum += RunMetrics.batchTotal(
                        job.model(),
                        loss.apply(out, targets.encode(b.targets())).item(),
                        b.size());
                if (targets.classification()) correct += targets.correct(out, b.targets());
            }
        } finally {
            model.train();
        }
        return new RunMetrics.Evaluation(lossSum / Math.max(n, 1), (double) correct / Math.max(n, 1));
    }

    private void testMetrics() {
        if (test != null) metrics.test(step, evaluate(test));
    }

    private TrainResult result(
            TrainResult.Status status,
            String message,
            List<Double> epochSeconds,
            long samples,
            double seconds,
            Map<String, Double> metrics) {
        return new TrainResult(
                status,
                message,
                epoch,
                step,
                epochSeconds,
                seconds > 0 ? samples / seconds : 0,
                model.parameterCount(),
                metrics);
    }

    /**
     * Data whose samples hold the model's input in another shape (CSV rows for an image model) is viewed in the model's
     * shape.
     */
    private Tensor conform(Tensor x) {
        int[] sample = Arrays.copyOfRange(x.sizes(), 1, x.dim());
        if (Arrays.equals(sample, input)) return x;
        int[] shape = new int[input.length + 1];
        shape[0] = x.size(0);
        System.arraycopy(input, 0, shape, 1, input.length);
        return x.reshape(shape);
    }

    private void checkSampleShape(Tensor sample) {
        long need = 1;
        for (int d : input) need *= d;
        if (sample.numel() != need) {
            throw new ConfigException(
                    "input",
                    "dataset samples have shape " + sample.shape() + " (" + sample.numel() + " values) but model '"
                            + job.model().name() + "' expects input " + Arrays.toString(input) + " (" + need
                            + " values)");
        }
    }

    private int batches(int n) {
        return Math.max(1, Math.ceilDiv(n, config.batchSize()));
    }

    // ---- checkpoints --------------------------------------------------------------------------

    private Checkpoint checkpoint(int epochs, int batchInEpoch, EpochTally tally, TrainClock clock) {
        byte[] bytes = Checkpoints.write(
                model, optimizer, schedule, generator, stopping, tally, clock, epochs, batchInEpoch, step, job);
        return new Checkpoint(epochs, step, bytes);
    }

    private void restore(Checkpoint c) {
        Checkpoints.State s = Checkpoints.read(c.bytes(), model, optimizer, schedule, generator, stopping, job);
        this.epoch = s.epoch();
        this.startBatch = s.batchInEpoch();
        this.step = s.step();
        this.resumedTally = s.tally();
        this.resumedClock = s.clock();
    }
}
