package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.spec.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on {@code descent train} (SIGINT to a real JVM) ends the run the way a cancellation does, not mid-epoch. */
class InterruptTest {

    @Test
    void sigintLeavesACancellationCheckpointAndASummary(@TempDir Path dir) throws Exception {
        Path metrics = dir.resolve("m.jsonl"), ckpt = dir.resolve("c.safetensors"), out = dir.resolve("out.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java,
                        "--add-modules",
                        "jdk.incubator.vector",
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "train",
                        "--model",
                        "curve-fit",
                        "--data",
                        "synthetic:parabola",
                        "--optimizer",
                        "sgd",
                        "--lr",
                        "0.01",
                        "--batch-size",
                        "1",
                        "--epochs",
                        "1000",
                        "--metrics-out",
                        metrics.toString(),
                        "--checkpoint",
                        ckpt.toString())
                .redirectOutput(out.toFile())
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        try {
            // Wait until it trains (some metric points are out), then press Ctrl-C.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(metrics) && Files.size(metrics) > 0) && System.nanoTime() < deadline && p.isAlive())
                Thread.sleep(50);
            assertThat(p.isAlive()).as("still training").isTrue();
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits after Ctrl-C").isTrue();
        } finally {
            p.destroyForcibly();
        }

        List<String> lines = Files.readAllLines(out);
        assertThat(lines).as(Files.readString(dir.resolve("err.txt"))).isNotEmpty();
        assertThat(lines.getLast())
                .startsWith("{\"engine\":\"native\"")
                .contains("\"status\":\"cancelled\"", "\"message\":\"cancelled: interrupted\"");
        assertThat(p.exitValue()).isEqualTo(130);
        Checkpoint saved = Checkpoint.of(Files.readAllBytes(ckpt));
        assertThat(saved.step()).isPositive();
        assertThat(saved.epoch()).isZero(); // cut mid-way through the first epoch: the checkpoint is the cancellation's
    }
}
