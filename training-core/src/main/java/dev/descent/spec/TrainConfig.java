package dev.descent.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How to train: optimizer, optional lr schedule, batch size, epochs, seed, validation split, engine ({@code native} |
 * {@code djl}) and device ({@code auto} | {@code cpu} | {@code cuda}). The same seed, data and config give the same
 * curve on the same engine.
 *
 * @param earlyStoppingPatience epochs without a better validation loss before stopping; 0 disables it
 * @param clipGradNorm clip the global gradient norm to this value; 0 disables it
 */
public record TrainConfig(
        OptimizerConfig optimizer,
        ScheduleConfig schedule,
        int batchSize,
        int epochs,
        long seed,
        double valSplit,
        String engine,
        String device,
        int earlyStoppingPatience,
        double clipGradNorm) {

    public static final List<String> DEVICES = List.of("auto", "cpu", "cuda");
    private static final ObjectMapper JSON = new ObjectMapper();

    public TrainConfig {
        if (optimizer == null) throw new ConfigException("optimizer", "is required");
        if (batchSize <= 0) throw new ConfigException("batchSize", "must be > 0, got " + batchSize);
        if (epochs <= 0) throw new ConfigException("epochs", "must be > 0, got " + epochs);
        if (!(valSplit >= 0 && valSplit < 1))
            throw new ConfigException("valSplit", "must be in [0, 1), got " + valSplit);
        engine = engine == null ? "native" : engine;
        device = device == null ? "auto" : device;
        if (!DEVICES.contains(device))
            throw new ConfigException(
                    "device", "unknown device '" + device + "'; expected one of " + String.join(", ", DEVICES));
        if (earlyStoppingPatience < 0)
            throw new ConfigException("earlyStoppingPatience", "must be >= 0, got " + earlyStoppingPatience);
        if (!(clipGradNorm >= 0)) throw new ConfigException("clipGradNorm", "must be >= 0, got " + clipGradNorm);
    }

    /** A config with defaults: batch 32, 1 epoch, seed 0, no validation split, native engine, auto device. */
    public static TrainConfig of(OptimizerConfig optimizer) {
        return new TrainConfig(optimizer, null, 32, 1, 0, 0, "native", "auto", 0, 0);
    }

    public TrainConfig withBatchSize(int v) {
        return new TrainConfig(
                optimizer, schedule, v, epochs, seed, valSplit, engine, device, earlyStoppingPatience, clipGradNorm);
    }

    public TrainConfig withEpochs(int v) {
        return new TrainConfig(
                optimizer, schedule, batchSize, v, seed, valSplit, engine, device, earlyStoppingPatience, clipGradNorm);
    }

    public TrainConfig withSeed(long v) {
        return new TrainConfig(
                optimizer,
                schedule,
                batchSize,
                epochs,
                v,
                valSplit,
                engine,
                device,
                earlyStoppingPatience,
                clipGradNorm);
    }

    public TrainConfig withValSplit(double v) {
        return new TrainConfig(
                optimizer, schedule, batchSize, epochs, seed, v, engine, device, earlyStoppingPatience, clipGradNorm);
    }

    public TrainConfig withEngine(String v) {
        return new TrainConfig(
                optimizer, schedule, batchSize, epochs, seed, valSplit, v, device, earlyStoppingPatience, clipGradNorm);
    }

    public TrainConfig withDevice(String v) {
        return new TrainConfig(
                optimizer, schedule, batchSize, epochs, seed, valSplit, engine, v, earlyStoppingPatience, clipGradNorm);
    }

    public TrainConfig withSchedule(ScheduleConfig v) {
        return new TrainConfig(
                optimizer, v, batchSize, epochs, seed, valSplit, engine, device, earlyStoppingPatience, clipGradNorm);
    }

    public TrainConfig withEarlyStopping(int patience) {
        return new TrainConfig(
                optimizer, schedule, batchSize, epochs, seed, valSplit, engine, device, patience, clipGradNorm);
    }

    public TrainConfig withClipGradNorm(double v) {
        return new TrainConfig(
                optimizer, schedule, batchSize, epochs, seed, valSplit, engine, device, earlyStoppingPatience, v);
    }

    /**
     * Checks that a checkpoint saved by a run with {@code seed}, {@code valSplit} and {@code batchSize} can resume
     * under this config: those fix which examples are held out and the batch order, so changing them would train on
     * validation examples or skip and repeat batches. Epochs, optimizer and the rest may change.
     */
    public void checkResumes(long seed, double valSplit, int batchSize) {
        if (seed != this.seed || valSplit != this.valSplit || batchSize != this.batchSize) {
            throw new IllegalArgumentException(
                    "checkpoint was saved with seed " + seed + ", valSplit " + valSplit + ", batchSize " + batchSize
                            + " but this run has seed " + this.seed + ", valSplit " + this.valSplit + ", batchSize "
                            + this.batchSize
                            + "; resume with the ones it was trained with (they fix the validation split and the batch order)");
        }
    }

    /**
     * Parses the JSON form: {@code {"optimizer":{"type":"adam","lr":1e-3}, "schedule":{...}, "batchSize":128,
     * "epochs":5, "seed":42, "valSplit":0.1, "engine":"native", "device":"auto"}}. Errors name the field.
     */
    public static TrainConfig fromJson(String json) {
        JsonNode root = JsonText.parse(json);
        return fromJson(root);
    }

    public static TrainConfig fromJson(JsonNode root) {
        if (root == null || !root.isObject()) throw new ConfigException("$", "a train config must be a JSON object");
        JsonNode opt = root.get("optimizer");
        if (opt == null || !opt.isObject())
            throw new ConfigException("optimizer", "is required, e.g. {\"type\":\"adam\",\"lr\":0.001}");
        OptimizerConfig optimizer = new OptimizerConfig(
                text(opt, "type", "optimizer.type", null),
                number(opt, "lr", "optimizer.lr", Double.NaN),
                options(opt, "optimizer", "type", "lr"));
        ScheduleConfig schedule = ScheduleConfig.fromJson(root.get("schedule"));
        return new TrainConfig(
                optimizer,
                schedule,
                (int) integer(root, "batchSize", 32),
                (int) integer(root, "epochs", 1),
                integer(root, "seed", 0),
                number(root, "valSplit", "valSplit", 0),
                text(root, "engine", "engine", "native"),
                text(root, "device", "device", "auto"),
                (int) integer(root, "earlyStoppingPatience", 0),
                number(root, "clipGradNorm", "clipGradNorm", 0));
    }

    public ObjectNode toJsonNode() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode opt = root.putObject("optimizer");
        opt.put("type", optimizer.type());
        opt.put("lr", optimizer.lr());
        optimizer.options().forEach((k, v) -> opt.set(k, JSON.valueToTree(v)));
        if (schedule != null) {
            ObjectNode s = root.putObject("schedule");
            s.put("type", schedule.type());
            schedule.options().forEach((k, v) -> s.set(k, JSON.valueToTree(v)));
        }
        root.put("batchSize", batchSize);
        root.put("epochs", epochs);
        root.put("seed", seed);
        root.put("valSplit", valSplit);
        root.put("engine", engine);
        root.put("device", device);
        root.put("earlyStoppingPatience", earlyStoppingPatience);
        root.put("clipGradNorm", clipGradNorm);
        return root;
    }

    public String toJson() {
        return toJsonNode().toString();
    }

    static String text(JsonNode node, String name, String field, String fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (fallback == null) throw new ConfigException(field, "is required");
            return fallback;
        }
        if (!v.isString()) throw new ConfigException(field, "must be a string, got " + v);
        return v.asString();
    }

    private static double number(JsonNode node, String name, String field, double fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (Double.isNaN(fallback)) throw new ConfigException(field, "is required");
            return fallback;
        }
        if (!v.isNumber()) throw new ConfigException(field, "must be a number, got " + v);
        return v.asDouble();
    }

    private static long integer(JsonNode node, String name, long fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return fallback;
        if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
            throw new ConfigException(name, "must be an integer, got " + v);
        }
        long n = v.asLong();
        if (!name.equals("seed") && (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE))
            throw new ConfigException(name, "is out of range: " + v);
        return n;
    }

    static Map<String, Object> options(JsonNode node, String prefix, String... skip) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : node.properties()) {
            if (List.of(skip).contains(e.getKey())) continue;
            JsonNode v = e.getValue();
            if (v.isNumber()) out.put(e.getKey(), v.asDouble());
            else if (v.isBoolean()) out.put(e.getKey(), v.asBoolean());
            else if (v.isString()) out.put(e.getKey(), v.asString());
            else if (v.isArray()) {
                java.util.List<Object> list = new java.util.ArrayList<>();
                for (JsonNode x : v) {
                    if (!x.isNumber())
                        throw new ConfigException(prefix + "." + e.getKey(), "must be a list of numbers, got " + v);
                    list.add(x.asDouble());
                }
                out.put(e.getKey(), list);
            } else {
                throw new ConfigException(
                        prefix + "." + e.getKey(), "must be a number, boolean, string or list, got " + v);
            }
        }
        return out;
    }
}
