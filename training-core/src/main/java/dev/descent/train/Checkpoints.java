package dev.descent.train;

import dev.descent.backend.Generator;
import dev.descent.io.Safetensors;
import dev.descent.nn.Module;
import dev.descent.optim.LrScheduler;
import dev.descent.optim.Optimizer;
import dev.descent.optim.StateDict;
import dev.descent.spec.EarlyStopping;
import dev.descent.spec.EpochTally;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.TrainClock;
import dev.descent.spec.TrainConfig;
import dev.descent.spec.TrainJob;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A training state as one safetensors file: the model's state dict under {@code model.}, the optimizer's and the
 * schedule's tensors under {@code optimizer.} and {@code schedule.}, and in the metadata the position (epoch, batch
 * within it, global step), the generator state, their scalars, the early-stopping count, the interrupted epoch's tally,
 * the spec and the config.
 */
final class Checkpoints {
    static final String FORMAT = "descent-checkpoint/1";

    private Checkpoints() {}

    record State(int epoch, int batchInEpoch, long step, EpochTally tally, TrainClock clock) {}

    static byte[] write(
            Module model,
            Optimizer<?> optimizer,
            LrScheduler schedule,
            Generator generator,
            EarlyStopping stopping,
            EpochTally tally,
            TrainClock clock,
            int epoch,
            int batchInEpoch,
            long step,
            TrainJob job) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("engine", "native");
        meta.put("epoch", Integer.toString(epoch));
        meta.put("batch_in_epoch", Integer.toString(batchInEpoch));
        meta.put("step", Long.toString(step));
        meta.put(
                "generator",
                Arrays.stream(generator.state()).mapToObj(Long::toString).collect(Collectors.joining(",")));
        stopping.saveTo(meta);
        tally.saveTo(meta);
        clock.saveTo(meta);
        meta.put("model_spec", job.model().json());
        meta.put("train_config", job.config().toJson());
        model.stateDict().forEach((k, v) -> tensors.put("model." + k, v));
        put(tensors, meta, "optimizer.", optimizer.stateDict());
        if (schedule != null) put(tensors, meta, "schedule.", schedule.stateDict());
        return Safetensors.write(tensors, meta);
    }

    static State read(
            byte[] bytes,
            Module model,
            Optimizer<?> optimizer,
            LrScheduler schedule,
            Generator generator,
            EarlyStopping stopping,
            TrainJob job) {
        Safetensors.Contents c;
        try {
            c = Safetensors.read(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint is not readable: " + e.getMessage(), e);
        }
        Map<String, String> meta = c.metadata();
        String engine = meta.get("engine");
        if (engine != null && !engine.equals("native")) {
            throw new IllegalArgumentException(
                    "checkpoint was written by the " + engine + " engine; resume it with engine '" + engine + "'");
        }
        if (!FORMAT.equals(meta.get("format"))) {
            throw new IllegalArgumentException("checkpoint format is '" + meta.get("format") + "', expected '" + FORMAT
                    + "' (not a Descent checkpoint?)");
        }
        String spec = meta.get("model_spec");
        if (spec != null && !ModelSpec.fromJson(spec).equals(job.model())) {
            throw new IllegalArgumentException("checkpoint was saved for a different model spec ("
                    + ModelSpec.fromJson(spec).name() + "); resume with the spec it was trained with");
        }
        String saved = meta.get("train_config");
        if (saved != null) {
            TrainConfig was = TrainConfig.fromJson(saved);
            job.config().checkResumes(was.seed(), was.valSplit(), was.batchSize());
        }
        model.loadStateDict(under(c.tensors(), "model."));
        optimizer.loadStateDict(StateDict.fromText(under(c.tensors(), "optimizer."), under(meta, "optimizer.")));
        if (schedule != null)
            schedule.loadStateDict(StateDict.fromText(under(c.tensors(), "schedule."), under(meta, "schedule.")));
        long[] gen = Arrays.stream(meta.getOrDefault("generator", "").split(","))
                .filter(s -> !s.isBlank())
                .mapToLong(Long::parseLong)
                .toArray();
        generator.setState(gen);
        stopping.loadFrom(meta);
        return new State(
                Integer.parseInt(meta.get("epoch")),
                Integer.parseInt(meta.getOrDefault("batch_in_epoch", "0")),
                Long.parseLong(meta.get("step")),
                EpochTally.from(meta),
                TrainClock.from(meta));
    }

    private static void put(Map<String, Tensor> tensors, Map<String, String> meta, String prefix, StateDict state) {
        state.tensors().forEach((k, v) -> tensors.put(prefix + k, v));
        state.scalarsAsText().forEach((k, v) -> meta.put(prefix + k, v));
    }

    private static <V> Map<String, V> under(Map<String, V> map, String prefix) {
        Map<String, V> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v);
        });
        return out;
    }
}
