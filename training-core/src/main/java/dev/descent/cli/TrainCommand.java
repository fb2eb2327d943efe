package dev.descent.cli;

import dev.descent.data.DataSplits;
import dev.descent.data.Datasets;
import dev.descent.spec.CancellationToken;
import dev.descent.spec.Checkpoint;
import dev.descent.spec.ConfigException;
import dev.descent.spec.JsonText;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.OptimizerConfig;
import dev.descent.spec.ScheduleConfig;
import dev.descent.spec.TrainConfig;
import dev.descent.spec.TrainJob;
import dev.descent.spec.TrainResult;
import dev.descent.spec.TrainingEngine;
import dev.descent.spec.TrainingEngines;
import dev.descent.train.NativeEngine;
import dev.descent.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** Trains a model and prints one JSON summary as the last line on stdout. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Train a model spec on a dataset; the last line on stdout is a JSON summary.")
final class TrainCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            required = true,
            description = "Built-in model (keras-mlp, scratch-mlp, lenet, lenet5, curve-fit) or a spec JSON file.")
    String model;

    @Option(
            names = "--data",
            required = true,
            description = "fashion-mnist | mnist | idx:DIR | csv:FILE[,TEST] | synthetic:NAME")
    String data;

    @Option(
            names = "--optimizer",
            required = true,
            description = "sgd | momentum | rmsprop | adam | adamw | nadam | radam | adagrad | adadelta | lbfgs")
    String optimizer;

    @Option(names = "--lr", required = true, description = "Learning rate.")
    double lr;

    @Option(names = "--momentum", description = "Momentum (sgd) or the moving-average factor beta (momentum, rmsprop).")
    Double momentum;

    @Option(names = "--weight-decay", description = "Weight decay.")
    Double weightDecay;

    @Option(
            names = "--opt",
            description = "Another optimizer option as name=value (e.g. --opt beta2=0.99 --opt nesterov=true).")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--batch-size", defaultValue = "32", description = "Examples per batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--epochs",
            defaultValue = "1",
            description = "Passes over the training set (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed for weights, shuffling and dropout (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--engine", defaultValue = "native", description = "native | djl (default ${DEFAULT-VALUE}).")
    String engine;

    @Option(
            names = "--mode",
            defaultValue = "eager",
            description = "eager (op by op) | graph (the native engine traces the step once per batch shape, optimises"
                    + " the graph and replays it; same losses). Default ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--device", defaultValue = "auto", description = "auto | cpu | cuda (default ${DEFAULT-VALUE}).")
    String device;

    @Option(
            names = "--val-split",
            defaultValue = "0",
            description = "Fraction of the training set held out for validation (default ${DEFAULT-VALUE}).")
    double valSplit;

    @Option(
            names = "--schedule",
            description =
                    "An lr schedule as JSON or a JSON file, e.g. '{\"type\":\"step\",\"stepSize\":2,\"gamma\":0.5}'.")
    String schedule;

    @Option(names = "--clip-grad-norm", defaultValue = "0", description = "Clip the global gradient norm (0: off).")
    double clipGradNorm;

    @Option(
            names = "--early-stopping",
            defaultValue = "0",
            description = "Stop after N epochs without a better validation loss (0: off).")
    int earlyStopping;

    @Option(names = "--metrics-out", description = "Append every metric point to this JSONL file.")
    Path metricsOut;

    @Option(
            names = "--checkpoint",
            description = "Write a checkpoint (safetensors) here after every epoch and when interrupted (Ctrl-C).")
    Path checkpoint;

    @Option(names = "--resume", description = "Resume from a checkpoint written by --checkpoint.")
    Path resume;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a shutdown waits for the run to stop at a batch boundary and report. */
    private static final long SHUTDOWN_GRACE_SECONDS = 30;

    @Override
    public Integer call() throws IOException {
        ModelSpec spec = ModelArg.resolve(model);
        TrainConfig config;
        TrainingEngine trainingEngine;
        try {
            config = config();
            Trainer.Mode stepMode = Trainer.Mode.of(mode);
            if (stepMode == Trainer.Mode.GRAPH && !config.engine().equals("native"))
                throw new ConfigException("mode", "graph mode is the native engine's; got --engine " + config.engine());
            trainingEngine =
                    stepMode == Trainer.Mode.GRAPH ? new NativeEngine(stepMode) : TrainingEngines.get(config.engine());
            trainingEngine.validate(spec, config);
        } catch (ConfigException e) {
            if (e.field().startsWith("layers")
                    || e.field().equals("loss")
                    || e.field().equals("input")) throw e;
            throw new IllegalArgumentException(flagOf(e.field()) + ": " + e.reason(), e);
        }
        // Every file argument is checked before the data loads, so a typo costs no training.
        if (metricsOut != null) FileArgs.checkWritable("--metrics-out", metricsOut);
        if (checkpoint != null) FileArgs.checkWritable("--checkpoint", checkpoint);
        Checkpoint resumeFrom = resume == null ? null : readResume(resume);
        DataSplits splits = Datasets.resolve(data);

        CancellationToken cancel = new CancellationToken();
        CountDownLatch reported = new CountDownLatch(1);
        // Ctrl-C (or any other JVM shutdown) asks the run to stop, then holds the JVM, which halts once its hooks
        // return,
        // until the run has written its cancellation checkpoint and summary.
        Thread hook = new Thread(
                () -> {
                    cancel.cancel(CancellationToken.Cause.USER, "interrupted");
                    try {
                        reported.await(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "descent-train-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        TrainResult result;
        try {
            try (Progress progress = new Progress(spec.name(), config, metricsOut, checkpoint)) {
                result = trainingEngine.train(new TrainJob(spec, config, splits, resumeFrom), progress, cancel);
            }
            System.out.println(summary(spec, config, result));
            System.out.flush();
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting; the hook has done its job
            }
        }
        return switch (result.status()) {
            case SUCCEEDED, EARLY_STOPPED -> 0;
            case CANCELLED -> 130;
            case DIVERGED -> {
                System.err.println("descent train: " + result.message());
                yield 3;
            }
        };
    }

    private TrainConfig config() throws IOException {
        Map<String, Object> opts = new LinkedHashMap<>();
        if (momentum != null) opts.put(optimizer.equals("sgd") ? "momentum" : "beta", momentum);
        if (weightDecay != null) opts.put("weightDecay", weightDecay);
        options.forEach((k, v) -> opts.put(k, parseValue(v)));
        TrainConfig config = new TrainConfig(
                new OptimizerConfig(optimizer, lr, opts),
                null,
                batchSize,
                epochs,
                seed,
                valSplit,
                engine,
                device,
                earlyStopping,
                clipGradNorm);
        return schedule == null ? config : config.withSchedule(ScheduleConfig.fromJson(scheduleJson()));
    }

    /** The command-line flag that sets a train config field, so that an error names what the user typed. */
    static String flagOf(String field) {
        return switch (field) {
            case "batchSize" -> "--batch-size";
            case "epochs" -> "--epochs";
            case "seed" -> "--seed";
            case "valSplit" -> "--val-split";
            case "engine" -> "--engine";
            case "mode" -> "--mode";
            case "device" -> "--device";
            case "earlyStoppingPatience" -> "--early-stopping";
            case "clipGradNorm" -> "--clip-grad-norm";
            case "optimizer", "optimizer.type" -> "--optimizer";
            case "optimizer.lr" -> "--lr";
            case "optimizer.momentum", "optimizer.beta" -> "--momentum";
            case "optimizer.weightDecay" -> "--weight-decay";
            default ->
                field.startsWith("optimizer.")
                        ? "--opt " + field.substring("optimizer.".length())
                        : field.startsWith("schedule")
                                ? "--schedule"
                                        + (field.length() > "schedule".length()
                                                ? " " + field.substring("schedule.".length())
                                                : "")
                                : field;
        };
    }

    /** --schedule's JSON, given inline or as a file; a parse error names the argument or file, line and column. */
    private JsonNode scheduleJson() throws IOException {
        Path file = schedule.strip().startsWith("{") ? null : Path.of(schedule);
        String source = file == null ? "--schedule" : "--schedule " + file;
        if (file != null && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--schedule '" + schedule + "' is neither a JSON object nor a file");
        }
        try {
            return JsonText.parse(file == null ? schedule : Files.readString(file));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static Object parseValue(String v) {
        if (v.equals("true") || v.equals("false")) return Boolean.parseBoolean(v);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return v;
        }
    }

    private String summary(ModelSpec spec, TrainConfig config, TrainResult r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("engine", config.engine());
        o.put("mode", mode);
        o.put("model", spec.name());
        o.put("optimizer", config.optimizer().type());
        o.put("lr", config.optimizer().lr());
        o.put("batch_size", config.batchSize());
        o.put("epochs", r.epochs());
        o.put("steps", r.steps());
        o.put("status", r.status().name().toLowerCase(Locale.ROOT));
        if (!r.message().isEmpty()) o.put("message", r.message());
        putMetric(o, "test_accuracy", r.metrics().get("test/accuracy"));
        putMetric(o, "test_loss", r.metrics().get("test/loss"));
        putMetric(o, "val_accuracy", r.metrics().get("val/accuracy"));
        putMetric(o, "val_loss", r.metrics().get("val/loss"));
        putMetric(o, "train_loss", r.metrics().get("train/epoch_loss"));
        var seconds = o.putArray("epoch_seconds");
        r.epochSeconds().forEach(s -> seconds.add(Math.round(s * 1000) / 1000.0));
        o.put("samples_per_second", Math.round(r.samplesPerSecond() * 10) / 10.0);
        o.put("params", r.parameters());
        return o.toString();
    }

    private static void putMetric(ObjectNode o, String key, Double v) {
        if (v == null) o.putNull(key);
        else o.put(key, v);
    }

    private static Checkpoint readResume(Path file) {
        if (Files.isDirectory(file))
            throw new IllegalArgumentException("--resume " + file + ": is a directory, not a checkpoint file");
        if (!Files.exists(file)) throw new IllegalArgumentException("--resume " + file + ": no such file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--resume " + file + ": cannot read it (" + FileArgs.why(e) + ")", e);
        }
        try {
            return Checkpoint.of(bytes);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "--resume " + file + ": not a Descent checkpoint (" + e.getMessage() + ")", e);
        }
    }

    /** Writes a file atomically, so an interrupted write never leaves half a checkpoint. */
    static void writeAtomically(Path target, byte[] bytes) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
