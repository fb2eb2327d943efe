package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import dev.descent.djl.optim.DjlOptimizer;
import dev.descent.io.Safetensors;
import dev.descent.optim.LearningRates;
import dev.descent.optim.LrScheduler;
import dev.descent.optim.StateDict;
import dev.descent.spec.Checkpoint;
import dev.descent.spec.EarlyStopping;
import dev.descent.spec.EpochTally;
import dev.descent.spec.TrainClock;
import dev.descent.spec.TrainConfig;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A djl run's state as safetensors: {@code model.<name>} for weights and running statistics (PyTorch's state_dict
 * names), {@code optim.<name>.<slot>} for optimizer state, and metadata with the position (epoch, step, batch within
 * the epoch), the optimizer's step count, the learning rate, the schedule's state ({@code schedule.<key>}), the
 * early-stopping count ({@code early_stopping.*}), the interrupted epoch's tally ({@code epoch_tally.*}), and the seed,
 * validation split and batch size (a resume must keep them). The seed is the whole RNG state: shuffles derive from
 * (seed, epoch) and dropout masks from (seed, step).
 */
final class DjlCheckpoint {
    static final String FORMAT = "descent-djl/1";

    private DjlCheckpoint() {}

    /**
     * Where training resumes: {@code epoch} epochs done, {@code batch} batches into the next, {@code step} optimizer
     * steps in all; {@code tally} is what those batches of the next epoch added up to; {@code clock} the time trained.
     */
    record Position(int epoch, int batch, long step, long seed, EpochTally tally, TrainClock clock) {}

    static Checkpoint write(
            Net net,
            DjlOptimizer optimizer,
            LrScheduler schedule,
            LearningRates.Single lr,
            EarlyStopping stopping,
            TrainConfig config,
            Position at) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Layer.Param p : net.params()) tensors.put("model." + p.name(), Copies.tensor(p.array()));
        for (Layer.Param p : net.buffers()) tensors.put("model." + p.name(), Copies.tensor(p.array()));
        optimizer.state().forEach((name, a) -> tensors.put("optim." + name, Copies.tensor(a)));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("engine", "djl");
        meta.put("epoch", Integer.toString(at.epoch()));
        meta.put("batch", Integer.toString(at.batch()));
        meta.put("step", Long.toString(at.step()));
        meta.put("seed", Long.toString(at.seed()));
        meta.put("val_split", Double.toString(config.valSplit()));
        meta.put("batch_size", Integer.toString(config.batchSize()));
        meta.put("optimizer.steps", Long.toString(optimizer.steps()));
        meta.put("lr", Double.toString(lr.lr()));
        if (schedule != null) schedule.stateDict().scalarsAsText().forEach((k, v) -> meta.put("schedule." + k, v));
        stopping.saveTo(meta);
        at.tally().saveTo(meta);
        at.clock().saveTo(meta);
        return new Checkpoint(at.epoch(), at.step(), Safetensors.write(tensors, meta));
    }

    /** Loads a checkpoint into a freshly built net and optimizer; errors name the tensor or field that does not fit. */
    static Position restore(
            Checkpoint checkpoint,
            Net net,
            DjlOptimizer optimizer,
            LrScheduler schedule,
            LearningRates.Single lr,
            EarlyStopping stopping,
            TrainConfig config) {
        Safetensors.Contents c = Safetensors.read(checkpoint.bytes());
        Map<String, String> meta = c.metadata();
        // Native checkpoints from before they named their engine are known by their format.
        String engine =
                meta.getOrDefault("engine", "descent-checkpoint/1".equals(meta.get("format")) ? "native" : null);
        if (engine != null && !engine.equals("djl")) {
            throw new IllegalArgumentException(
                    "checkpoint was written by the " + engine + " engine; resume it with engine '" + engine + "'");
        }
        if (!FORMAT.equals(meta.get("format"))) {
            throw new IllegalArgumentException("checkpoint: not a djl engine checkpoint (format '" + meta.get("format")
                    + "', expected '" + FORMAT + "')");
        }
        // Checkpoints from before val_split and batch_size were saved are checked on the seed alone.
        config.checkResumes(
                Long.parseLong(meta.get("seed")),
                Double.parseDouble(meta.getOrDefault("val_split", Double.toString(config.valSplit()))),
                Integer.parseInt(meta.getOrDefault("batch_size", Integer.toString(config.batchSize()))));
        Map<String, NDArray> byName = new LinkedHashMap<>();
        for (Layer.Param p : net.params()) byName.put(p.name(), p.array());
        for (Layer.Param p : net.buffers()) byName.put(p.name(), p.array());
        for (var e : byName.entrySet()) {
            Tensor t = c.tensors().get("model." + e.getKey());
            if (t == null)
                throw new IllegalArgumentException(
                        "checkpoint: lacks model." + e.getKey() + " that this model spec has");
            copy("model." + e.getKey(), t, e.getValue());
        }
        for (var e : c.tensors().entrySet()) {
            String key = e.getKey();
            if (key.startsWith("model.") && !byName.containsKey(key.substring(6))) {
                throw new IllegalArgumentException("checkpoint: has " + key + " that this model spec lacks");
            }
            if (!key.startsWith("optim.")) continue;
            String rest = key.substring(6);
            int dot = rest.lastIndexOf('.');
            NDArray weight = dot < 0 ? null : byName.get(rest.substring(0, dot));
            if (weight == null)
                throw new IllegalArgumentException(
                        "checkpoint: optimizer state " + key + " belongs to no parameter of this model");
            checkShape(key, e.getValue(), weight);
            optimizer.restore(
                    rest.substring(0, dot),
                    rest.substring(dot + 1),
                    weight,
                    e.getValue().toFloatArray());
        }
        optimizer.setSteps(Long.parseLong(meta.getOrDefault("optimizer.steps", "0")));
        if (schedule != null) {
            Map<String, String> saved = new LinkedHashMap<>();
            meta.forEach((k, v) -> {
                if (k.startsWith("schedule.")) saved.put(k.substring("schedule.".length()), v);
            });
            schedule.loadStateDict(StateDict.fromText(Map.of(), saved));
        }
        // After the schedule, which recomputes a formula's rate: a plateau schedule's rate is known only from here.
        if (meta.containsKey("lr")) lr.setLr(Double.parseDouble(meta.get("lr")));
        stopping.loadFrom(meta);
        return new Position(
                Integer.parseInt(meta.get("epoch")),
                Integer.parseInt(meta.get("batch")),
                Long.parseLong(meta.get("step")),
                Long.parseLong(meta.get("seed")),
                EpochTally.from(meta),
                TrainClock.from(meta));
    }

    private static void copy(String name, Tensor from, NDArray to) {
        checkShape(name, from, to);
        to.set(from.toFloatArray());
    }

    private static void checkShape(String name, Tensor t, NDArray a) {
        long[] expected = a.getShape().getShape();
        int[] got = t.sizes();
        boolean same = expected.length == got.length;
        for (int i = 0; same && i < got.length; i++) same = expected[i] == got[i];
        if (!same)
            throw new IllegalArgumentException("checkpoint: " + name + " is shaped " + Arrays.toString(got)
                    + " but this model needs " + Arrays.toString(expected));
    }

    /**
     * A well-spread 64-bit seed from two numbers (SplitMix64's finaliser): libtorch's seed for the dropout masks of a
     * step.
     */
    static long mix(long seed, long n) {
        long z = seed * 0x9E3779B97F4A7C15L + n + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
