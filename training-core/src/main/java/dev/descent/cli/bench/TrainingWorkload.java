package dev.descent.cli.bench;

import dev.descent.backend.Backends;
import dev.descent.data.DataSplits;
import dev.descent.data.Dataset;
import dev.descent.data.Datasets;
import dev.descent.data.TensorDataset;
import dev.descent.spec.BuiltinModels;
import dev.descent.spec.MetricPoint;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.OptimizerConfig;
import dev.descent.spec.TrainConfig;
import dev.descent.spec.TrainJob;
import dev.descent.spec.TrainResult;
import dev.descent.spec.TrainingEngine;
import dev.descent.spec.TrainingEngines;
import dev.descent.spec.TrainingListener;
import dev.descent.train.NativeEngine;
import dev.descent.train.Trainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training a built-in model on Fashion-MNIST, held in memory and the same for every engine, through each engine's own
 * {@link TrainingEngine}: the loop a user runs, metrics and all. A sample trains one epoch over the first
 * {@code stepsPerRun} batches and times the steps from the second to the last by the moments their train/loss points
 * arrive (so model building, data copies and the epoch's checkpoint are not counted); the time per step is then scaled
 * to the workload's unit.
 */
record TrainingWorkload(
        String name,
        String description,
        String model,
        OptimizerConfig optimizer,
        int batchSize,
        int stepsPerRun,
        Figure figure)
        implements EngineWorkload {

    /** How the seconds per step become the reported figure. */
    enum Figure {
        SECONDS_PER_EPOCH("s/epoch", false),
        MILLISECONDS_PER_STEP("ms/step", false),
        UPDATES_PER_SECOND("updates/s", true);

        final String unit;
        final boolean higherIsBetter;

        Figure(String unit, boolean higherIsBetter) {
            this.unit = unit;
            this.higherIsBetter = higherIsBetter;
        }
    }

    static TrainingWorkload kerasMlp() {
        return new TrainingWorkload(
                "keras-mlp",
                "keras-mlp (784-512-10, dropout 0.2) on Fashion-MNIST: seconds per epoch, batch 128, RMSprop lr 0.001",
                "keras-mlp",
                OptimizerConfig.of("rmsprop", 0.001),
                128,
                40,
                Figure.SECONDS_PER_EPOCH);
    }

    static TrainingWorkload scratchOnline() {
        return new TrainingWorkload(
                "scratch-online",
                "scratch-mlp (784-250-10 sigmoid, summed squared error) on Fashion-MNIST: updates per second at batch 1, SGD lr 0.1",
                "scratch-mlp",
                OptimizerConfig.of("sgd", 0.1),
                1,
                1000,
                Figure.UPDATES_PER_SECOND);
    }

    static TrainingWorkload lenet() {
        return new TrainingWorkload(
                "lenet",
                "lenet (32/64-filter CNN) on Fashion-MNIST: milliseconds per training step, batch 128, Adam lr 0.001",
                "lenet",
                OptimizerConfig.of("adam", 0.001),
                128,
                15,
                Figure.MILLISECONDS_PER_STEP);
    }

    @Override
    public String method() {
        String scaled = switch (figure) {
            case SECONDS_PER_EPOCH ->
                "the time per step times the " + stepsPerEpoch() + " steps of a full epoch of " + TRAIN_SIZE
                        + " images";
            case MILLISECONDS_PER_STEP -> "the time per step";
            case UPDATES_PER_SECOND -> "one over the time per step";
        };
        return "each sample trains " + stepsPerRun + " steps of batch " + batchSize + " (the first "
                + stepsPerRun * batchSize + " training images, in memory) through the engine's trainer and reports "
                + scaled + "; the first step of each sample is not timed";
    }

    private static final int TRAIN_SIZE = 60_000;

    private int stepsPerEpoch() {
        return Math.ceilDiv(TRAIN_SIZE, batchSize);
    }

    @Override
    public List<EngineCase> prepare(List<BenchTarget> engines) {
        ModelSpec spec = BuiltinModels.builtin(model);
        DataSplits data = new DataSplits(
                "fashion-mnist (first " + stepsPerRun * batchSize + ")", firstImages(stepsPerRun * batchSize), null);
        Map<String, EngineCase.Sample> samples = new LinkedHashMap<>();
        for (BenchTarget e : engines) {
            if (e instanceof ExternalEngine external) {
                EngineCase.Sample seconds = external.training(this, data.train());
                samples.put(e.name(), () -> scale(seconds.measure()));
                continue;
            }
            TrainingEngine engine = e.name().equals(NativeGraphBenchTarget.NAME)
                    ? new NativeEngine(Trainer.Mode.GRAPH)
                    : TrainingEngines.get(e.name());
            // The native engine trains on the backend bench --device chose; DJL's engine here is its CPU build.
            String device =
                    e.name().startsWith("native") ? Backends.getDefault().name() : "cpu";
            TrainConfig config = new TrainConfig(optimizer, null, batchSize, 1, 0, 0, e.name(), device, 0, 0);
            engine.validate(spec, config);
            samples.put(e.name(), () -> scale(secondsPerStep(engine, new TrainJob(spec, config, data, null))));
        }
        String caseName = switch (figure) {
            case SECONDS_PER_EPOCH -> "epoch";
            case MILLISECONDS_PER_STEP -> "step";
            case UPDATES_PER_SECOND -> "update";
        };
        return List.of(new EngineCase(caseName, figure.unit, figure.higherIsBetter, samples));
    }

    private double scale(double secondsPerStep) {
        return switch (figure) {
            case SECONDS_PER_EPOCH -> secondsPerStep * stepsPerEpoch();
            case MILLISECONDS_PER_STEP -> secondsPerStep * 1000;
            case UPDATES_PER_SECOND -> 1 / secondsPerStep;
        };
    }

    /** Trains once and returns the seconds between consecutive steps' train/loss points, averaged. */
    private static double secondsPerStep(TrainingEngine engine, TrainJob job) {
        long[] first = {0}, last = {0};
        int[] steps = {0};
        TrainingListener clock = new TrainingListener() {
            @Override
            public void onMetrics(List<MetricPoint> points) {
                for (MetricPoint p : points) {
                    if (!p.key().equals("train/loss")) continue;
                    last[0] = System.nanoTime();
                    if (steps[0]++ == 0) first[0] = last[0];
                }
            }
        };
        TrainResult r = engine.train(job, clock, null);
        if (r.status() != TrainResult.Status.SUCCEEDED)
            throw new IllegalStateException(engine.name() + " did not finish its bench run: " + r.message());
        if (steps[0] < 2)
            throw new IllegalStateException(
                    engine.name() + " reported " + steps[0] + " steps; a bench run needs at least 2");
        return (last[0] - first[0]) / 1e9 / (steps[0] - 1);
    }

    private static TensorDataset fashionMnist;

    /** The first {@code n} Fashion-MNIST training images, loaded once per process. */
    private static synchronized Dataset firstImages(int n) {
        if (fashionMnist == null) {
            Dataset train = Datasets.resolve("fashion-mnist").train();
            if (!(train instanceof TensorDataset t))
                throw new IllegalStateException("fashion-mnist did not load into memory");
            fashionMnist = t;
        }
        int[] first = new int[Math.min(n, fashionMnist.size())];
        for (int i = 0; i < first.length; i++) first[i] = i;
        return fashionMnist.subset(first);
    }
}
