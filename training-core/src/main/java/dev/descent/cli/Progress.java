package dev.descent.cli;

import dev.descent.spec.Checkpoint;
import dev.descent.spec.MetricPoint;
import dev.descent.spec.TrainConfig;
import dev.descent.spec.TrainingListener;
import java.io.BufferedWriter;
import java.io.Console;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * What `descent train` shows while it runs: a progress bar with the loss and throughput on a terminal, one plain line
 * per epoch everywhere; it also appends metric points to a JSONL file and writes checkpoints.
 */
final class Progress implements TrainingListener, AutoCloseable {
    private final String model;
    private final TrainConfig config;
    private final Path checkpoint;
    private final BufferedWriter metrics;
    private final boolean terminal =
            Optional.ofNullable(System.console()).map(Console::isTerminal).orElse(false);
    private ProgressBar bar;
    private int epoch = 1;
    private double smoothedLoss = Double.NaN, throughput = Double.NaN, epochLoss = Double.NaN;
    private long epochStartNanos = System.nanoTime(), epochSamples;

    Progress(String model, TrainConfig config, Path metricsOut, Path checkpoint) throws IOException {
        this.model = model;
        this.config = config;
        this.checkpoint = checkpoint;
        this.metrics = metricsOut == null
                ? null
                : Files.newBufferedWriter(
                        metricsOut, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    public void onMetrics(List<MetricPoint> points) {
        for (MetricPoint p : points) {
            write(p);
            switch (p.key()) {
                case "train/loss" -> {
                    smoothedLoss = Double.isNaN(smoothedLoss) ? p.value() : 0.95 * smoothedLoss + 0.05 * p.value();
                    epochSamples += config.batchSize();
                    tick();
                }
                case "throughput/samples_per_s" -> throughput = p.value();
                case "train/epoch_loss" -> epochLoss = p.value();
                default -> {}
            }
        }
    }

    private void tick() {
        if (!terminal) return;
        if (bar == null) {
            bar = new ProgressBarBuilder()
                    .setTaskName(String.format(Locale.ROOT, "%s %d/%d", model, epoch, config.epochs()))
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .continuousUpdate()
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                    .build();
        }
        bar.step();
        double seconds = (System.nanoTime() - epochStartNanos) / 1e9;
        bar.setExtraMessage(String.format(
                Locale.ROOT, "loss %.4f  %,.0f samples/s", smoothedLoss, epochSamples / Math.max(seconds, 1e-9)));
    }

    @Override
    public void onEpochEnd(int completed, long step) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        double seconds = (System.nanoTime() - epochStartNanos) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "epoch %d/%d  loss %.4f  %.1f s  %,.0f samples/s%n",
                completed,
                config.epochs(),
                epochLoss,
                seconds,
                Double.isNaN(throughput) ? epochSamples / Math.max(seconds, 1e-9) : throughput);
        epoch = completed + 1;
        epochStartNanos = System.nanoTime();
        epochSamples = 0;
    }

    @Override
    public void onCheckpoint(Checkpoint c) {
        if (checkpoint != null) TrainCommand.writeAtomically(checkpoint, c.bytes());
    }

    private void write(MetricPoint p) {
        if (metrics == null) return;
        try {
            metrics.write(String.format(
                    Locale.ROOT,
                    "{\"key\":\"%s\",\"step\":%d,\"value\":%s,\"timestamp\":\"%s\"}%n",
                    p.key(),
                    p.step(),
                    Double.isFinite(p.value()) ? Double.toString(p.value()) : "\"" + p.value() + "\"",
                    p.timestamp()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (bar != null) bar.close();
        if (metrics != null) metrics.close();
    }
}
