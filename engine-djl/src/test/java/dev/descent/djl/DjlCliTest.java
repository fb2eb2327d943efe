package dev.descent.djl;

import static dev.descent.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.descent.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code descent train --engine djl} with the flags that apply to it, on a small synthetic set. */
class DjlCliTest {

    @BeforeAll
    static void natives() {
        assumeThat(DjlEngine.unavailableReason()).as("libtorch natives").isNull();
    }

    @Test
    void trainsWithEveryFlagThatAppliesThenResumes(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("spec.json"),
                metrics = dir.resolve("m.jsonl"),
                checkpoint = dir.resolve("c.safetensors");
        Files.writeString(spec, """
                {"name": "spirals-mlp", "input": [2], "layers": [{"type": "linear", "out": 32}, {"type": "relu"},
                  {"type": "dropout", "p": 0.1}, {"type": "linear", "out": 3}], "loss": "cross_entropy"}""");
        String[] common = {
            "train",
            "--model",
            spec.toString(),
            "--data",
            "synthetic:spirals",
            "--engine",
            "djl",
            "--device",
            "cpu",
            "--optimizer",
            "rmsprop",
            "--lr",
            "0.01",
            "--momentum",
            "0.95",
            "--weight-decay",
            "1e-4",
            "--opt",
            "centered=true",
            "--batch-size",
            "50",
            "--seed",
            "4",
            "--val-split",
            "0.2",
            "--clip-grad-norm",
            "5",
            "--early-stopping",
            "10",
            "--schedule",
            "{\"type\":\"step\",\"stepSize\":1,\"gamma\":0.9}"
        };
        CliRun first = run(concat(
                common, "--epochs", "2", "--metrics-out", metrics.toString(), "--checkpoint", checkpoint.toString()));

        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.last())
                .startsWith(
                        "{\"engine\":\"djl\",\"mode\":\"eager\",\"model\":\"spirals-mlp\",\"optimizer\":\"rmsprop\"")
                .contains(
                        "\"epochs\":2",
                        "\"steps\":32",
                        "\"status\":\"succeeded\"",
                        "\"test_accuracy\":",
                        "\"val_loss\":",
                        "\"params\":" + (2 * 32 + 32 + 32 * 3 + 3));
        assertThat(first.out()).contains("epoch 1/2", "epoch 2/2");
        assertThat(Files.readAllLines(metrics))
                .anyMatch(l -> l.contains("\"key\":\"train/loss\",\"step\":1,"))
                .anyMatch(l -> l.contains("\"key\":\"val/accuracy\",\"step\":32,"))
                .anyMatch(l -> l.contains("\"key\":\"lr\",\"step\":17,\"value\":0.009"));
        assertThat(Files.size(checkpoint)).isPositive();

        CliRun resumed = run(concat(common, "--epochs", "3", "--resume", checkpoint.toString()));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.last()).contains("\"epochs\":3", "\"steps\":48");
        assertThat(resumed.out()).contains("epoch 3/3").doesNotContain("epoch 2/3");
    }

    @Test
    void whatTheEngineCannotRunIsOneClearLine() {
        CliRun lbfgs = run(
                "train",
                "--model",
                "curve-fit",
                "--data",
                "synthetic:parabola",
                "--engine",
                "djl",
                "--optimizer",
                "lbfgs",
                "--lr",
                "1");
        assertThat(lbfgs.code()).isEqualTo(2);
        assertThat(lbfgs.err().strip())
                .startsWith("descent train: --optimizer: the djl engine cannot run 'lbfgs'")
                .doesNotContain("\n");

        CliRun cuda = run(
                "train",
                "--model",
                "curve-fit",
                "--data",
                "synthetic:parabola",
                "--engine",
                "djl",
                "--device",
                "cuda",
                "--optimizer",
                "sgd",
                "--lr",
                "0.1");
        assertThat(cuda.code()).isEqualTo(2);
        assertThat(cuda.err().strip()).startsWith("descent train: --device: ");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
