package dev.descent.platform.sweeps;

import dev.descent.data.DataSplits;
import dev.descent.spec.CancellationToken;
import dev.descent.spec.MetricPoint;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.TrainConfig;
import dev.descent.spec.TrainJob;
import dev.descent.spec.TrainResult;
import dev.descent.spec.TrainingEngines;
import dev.descent.spec.TrainingListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The learning-rate range test (Smith, "Cyclical Learning Rates for Training Neural Networks", 2017): train a few
 * hundred steps from the run's own seed and data while the learning rate grows exponentially from 1e-6 to 10, and take
 * the rate an order of magnitude below the one where the smoothed loss was lowest, the last point before the loss turns
 * upward. It trains with the native engine in this process, bounded in steps and wall-clock time, and stops as soon as
 * the loss has clearly blown up.
 */
final class LrRangeTest {
    static final double MIN_LR = 1e-6;
    static final double MAX_LR = 10;
    static final int STEPS = 200;
    /** The wall-clock time all of a shoot-out's range tests share: they run while its creation request waits. */
    static final long BUDGET_NANOS = 30_000_000_000L;
    /** Loss smoothing, as fastai's finder does (with bias correction). */
    private static final double BETA = 0.9;

    private LrRangeTest() {}

    record Point(double lr, double loss) {}

    /** The curve and the rate chosen from it. */
    record Result(double suggested, List<Point> curve) {}

    /**
     * @param base the run config the optimizer will train with (its seed, batch size and data)
     * @param optimizer the optimizer object ({@code {"type": "adam", ...}}); its lr is replaced
     * @param budgetNanos the time it may take; it stops there with the curve so far
     */
    static Result run(ModelSpec spec, DataSplits data, TrainConfig base, ObjectNode optimizer, long budgetNanos) {
        int perEpoch = Math.max(1, Math.ceilDiv(data.train().size(), base.batchSize()));
        int epochs = Math.ceilDiv(STEPS, perEpoch);
        // The schedule grows the rate by this factor each epoch, smoothly per batch after a one-step warm-up.
        double perStep = Math.pow(MAX_LR / MIN_LR, 1.0 / STEPS);
        ObjectNode config = base.toJsonNode();
        ObjectNode opt = optimizer.deepCopy();
        opt.put("lr", MIN_LR);
        config.set("optimizer", opt);
        ObjectNode schedule = config.putObject("schedule");
        schedule.put("type", "warmup");
        schedule.put("warmupSteps", 1);
        schedule.put("startFactor", 1.0);
        schedule.put("after", "exponential");
        schedule.put("gamma", Math.pow(perStep, perEpoch));
        config.put("epochs", epochs);
        config.put("valSplit", 0.0);
        config.put("earlyStoppingPatience", 0);
        config.put("engine", "native");
        if (base.device().equals("cuda")) config.put("device", "auto");

        CancellationToken stop = new CancellationToken();
        Map<Long, Double> lrs = new HashMap<>();
        List<Point> curve = new ArrayList<>();
        long started = System.nanoTime();
        double[] smoothed = {0, Double.POSITIVE_INFINITY};
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onMetrics(List<MetricPoint> points) {
                for (MetricPoint p : points) if (p.key().equals("lr")) lrs.put(p.step(), p.value());
                for (MetricPoint p : points) {
                    if (!p.key().equals("train/loss") || !lrs.containsKey(p.step())) continue;
                    curve.add(new Point(lrs.get(p.step()), p.value()));
                    if (!Double.isFinite(p.value())) {
                        stop.cancel(CancellationToken.Cause.USER, "the loss diverged");
                        continue;
                    }
                    smoothed[0] = BETA * smoothed[0] + (1 - BETA) * p.value();
                    double s = smoothed[0] / (1 - Math.pow(BETA, curve.size()));
                    smoothed[1] = Math.min(smoothed[1], s);
                    if (curve.size() >= STEPS || (curve.size() > 10 && s > 4 * smoothed[1]))
                        stop.cancel(CancellationToken.Cause.USER, "the range test is done");
                }
                if (System.nanoTime() - started > budgetNanos)
                    stop.cancel(CancellationToken.Cause.USER, "the range test ran out of time");
            }
        };
        TrainResult unused = TrainingEngines.get("native")
                .train(new TrainJob(spec, TrainConfig.fromJson(config), data, null), listener, stop);
        return new Result(suggest(curve), List.copyOf(curve));
    }

    /** An order of magnitude below the rate at the lowest smoothed loss; the base's MIN_LR when nothing was learnt. */
    static double suggest(List<Point> curve) {
        double avg = 0, best = Double.POSITIVE_INFINITY, at = MIN_LR;
        for (int i = 0; i < curve.size(); i++) {
            double loss = curve.get(i).loss();
            if (!Double.isFinite(loss)) break;
            avg = BETA * avg + (1 - BETA) * loss;
            double s = avg / (1 - Math.pow(BETA, i + 1));
            if (s < best) {
                best = s;
                at = curve.get(i).lr();
            }
        }
        return Math.max(MIN_LR, at / 10);
    }
}
