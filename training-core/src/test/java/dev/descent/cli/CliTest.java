package dev.descent.cli;

import static dev.descent.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CliTest {

    @Test
    void trainPrintsAJsonSummaryLastAndWritesMetricsAndCheckpoints(@TempDir Path dir) throws Exception {
        Path metrics = dir.resolve("m.jsonl"), ckpt = dir.resolve("c.safetensors");
        CliRun r = run(
                "train",
                "--model",
                "curve-fit",
                "--data",
                "synthetic:parabola",
                "--optimizer",
                "adam",
                "--lr",
                "0.01",
                "--batch-size",
                "100",
                "--epochs",
                "3",
                "--seed",
                "1",
                "--val-split",
                "0.1",
                "--metrics-out",
                metrics.toString(),
                "--checkpoint",
                ckpt.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String last = r.lines().getLast();
        assertThat(last)
                .startsWith("{\"engine\":\"native\",\"mode\":\"eager\",\"model\":\"curve-fit\",\"optimizer\":\"adam\"")
                .contains(
                        "\"epochs\":3",
                        "\"test_loss\":",
                        "\"epoch_seconds\":[",
                        "\"samples_per_second\":",
                        "\"params\":31",
                        "\"status\":\"succeeded\"");
        assertThat(Files.readAllLines(metrics))
                .anyMatch(l -> l.contains("\"key\":\"train/loss\",\"step\":1,"))
                .anyMatch(l -> l.contains("\"key\":\"val/loss\""));
        assertThat(Files.size(ckpt)).isPositive();

        CliRun resumed = run(
                "train",
                "--model",
                "curve-fit",
                "--data",
                "synthetic:parabola",
                "--optimizer",
                "adam",
                "--lr",
                "0.01",
                "--batch-size",
                "100",
                "--epochs",
                "5",
                "--seed",
                "1",
                "--val-split",
                "0.1",
                "--resume",
                ckpt.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.lines().getLast()).contains("\"epochs\":5", "\"steps\":45");
        assertThat(resumed.out()).contains("epoch 4/5").doesNotContain("epoch 3/5");
    }

    @Test
    void badFlagsAndValuesGetOneClearLine() {
        CliRun unknown = run(
                "train",
                "--model",
                "curve-fit",
                "--data",
                "synthetic:parabola",
                "--optimizer",
                "sgd",
                "--lr",
                "0.1",
                "--bogus");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().lines().count()).isEqualTo(1);
        assertThat(unknown.err()).contains("--bogus");

        CliRun negative = run(
                "train", "--model", "curve-fit", "--data", "synthetic:parabola", "--optimizer", "sgd", "--lr", "-1");
        assertThat(negative.code()).isEqualTo(2);
        assertThat(negative.err().strip()).isEqualTo("descent train: --lr: learning rate must be > 0, got -1.0");

        CliRun badModel =
                run("train", "--model", "nope", "--data", "synthetic:parabola", "--optimizer", "sgd", "--lr", "0.1");
        assertThat(badModel.err()).contains("neither a built-in model").contains("keras-mlp");
        assertThat(badModel.err()).doesNotContain("Exception").doesNotContain("\tat ");

        CliRun badData = run("train", "--model", "curve-fit", "--data", "ftp:x", "--optimizer", "sgd", "--lr", "0.1");
        assertThat(badData.code()).isNotZero();
        assertThat(badData.err().lines().count()).isEqualTo(1);

        CliRun badOptimizer = run(
                "train",
                "--model",
                "curve-fit",
                "--data",
                "synthetic:parabola",
                "--optimizer",
                "adamax",
                "--lr",
                "0.1");
        assertThat(badOptimizer.err()).contains("unknown optimizer 'adamax'");

        CliRun missingResume = run(
                "train",
                "--model",
                "curve-fit",
                "--data",
                "synthetic:parabola",
                "--optimizer",
                "sgd",
                "--lr",
                "0.1",
                "--resume",
                "/nonexistent");
        assertThat(missingResume.err()).contains("--resume /nonexistent: no such file");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--batch-size | 0    | descent train: --batch-size: must be > 0, got 0",
                "--epochs     | -1   | descent train: --epochs: must be > 0, got -1",
                "--val-split  | 1.5  | descent train: --val-split: must be in [0, 1), got 1.5",
                "--device     | tpu  | descent train: --device: unknown device 'tpu'",
                "--early-stopping | -2 | descent train: --early-stopping: must be >= 0, got -2",
                "--clip-grad-norm | -1 | descent train: --clip-grad-norm: must be >= 0, got -1.0",
                "--opt        | bogus=1 | descent train: --opt bogus: unknown option for sgd; known: momentum"
            })
    void aBadValueIsReportedUnderTheFlagThatSetIt(String flag, String value, String expected) {
        CliRun r = run(train(flag, value));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().toList()).singleElement().asString().startsWith(expected);
    }

    static final String[] TRAIN = {
        "train", "--model", "curve-fit", "--data", "synthetic:parabola", "--optimizer", "sgd", "--lr", "0.1"
    };

    static String[] train(String... more) {
        String[] args = java.util.Arrays.copyOf(TRAIN, TRAIN.length + more.length);
        System.arraycopy(more, 0, args, TRAIN.length, more.length);
        return args;
    }

    @Test
    void malformedJsonNamesTheFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, "{\"input\": [1],\n  \"layers\": [{\"type\": \"linear\" \"out\": 1}]}\n");
        CliRun badSpec = run(
                "train",
                "--model",
                spec.toString(),
                "--data",
                "synthetic:parabola",
                "--optimizer",
                "sgd",
                "--lr",
                "0.1");
        assertThat(badSpec.code()).isEqualTo(2);
        assertThat(badSpec.err().lines().toList())
                .singleElement()
                .asString()
                .startsWith("descent train: model spec " + spec + ": $: not valid JSON at line 2, column ")
                .doesNotContain("Exception");

        CliRun inspect = run("inspect", "--model", spec.toString());
        assertThat(inspect.err().lines().toList())
                .singleElement()
                .asString()
                .contains(spec.toString(), "line 2, column ");

        CliRun badSchedule = run(train("--schedule", "{\"type\": \"step\",, }"));
        assertThat(badSchedule.code()).isEqualTo(2);
        assertThat(badSchedule.err().lines().toList())
                .singleElement()
                .asString()
                .startsWith("descent train: --schedule: $: not valid JSON at line 1, column ")
                .doesNotContain("Exception");

        Path schedule = dir.resolve("schedule.json");
        Files.writeString(schedule, "{\"type\": \"step\",\n \"stepSize\": }");
        CliRun badScheduleFile = run(train("--schedule", schedule.toString()));
        assertThat(badScheduleFile.err().lines().toList())
                .singleElement()
                .asString()
                .startsWith("descent train: --schedule " + schedule + ": $: not valid JSON at line 2, column ");
        Files.writeString(schedule, "{\"type\": \"step\", \"stepSize\": 1, \"gamma\": 0.5}");
        CliRun goodScheduleFile = run(train("--schedule", schedule.toString(), "--epochs", "2"));
        assertThat(goodScheduleFile.code()).as(goodScheduleFile.err()).isZero();
    }

    @Test
    void outputPathsThatCannotBeWrittenFailBeforeTraining(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        Path underAFile = file.resolve("m.jsonl");
        CliRun metrics = run(train("--metrics-out", underAFile.toString()));
        assertThat(metrics.code()).isEqualTo(2);
        assertThat(metrics.err().lines().toList())
                .singleElement()
                .asString()
                .isEqualTo("descent train: --metrics-out " + underAFile + ": cannot write there (" + file
                        + " is not a directory)");
        assertThat(metrics.out()).doesNotContain("epoch 1/");

        Path aDirectory = Files.createDirectory(dir.resolve("ckpt"));
        CliRun checkpoint = run(train("--checkpoint", aDirectory.toString()));
        assertThat(checkpoint.code()).isEqualTo(2);
        assertThat(checkpoint.err().lines().toList())
                .singleElement()
                .asString()
                .isEqualTo("descent train: --checkpoint " + aDirectory + ": is a directory");
        assertThat(checkpoint.out()).doesNotContain("epoch 1/");

        Path deep = dir.resolve("new/sub/c.safetensors");
        CliRun created = run(train(
                "--checkpoint",
                deep.toString(),
                "--metrics-out",
                dir.resolve("new/m.jsonl").toString()));
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(deep).isRegularFile();
        try (var left = Files.list(deep.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString()).toList())
                    .containsExactly("c.safetensors"); // no probe files left behind
        }
    }

    @Test
    void aResumeFileThatIsNotACheckpointGetsOneLineNamingIt(@TempDir Path dir) throws Exception {
        Path garbage = dir.resolve("garbage.safetensors");
        Files.writeString(garbage, "this is not a checkpoint at all");
        CliRun corrupt = run(train("--resume", garbage.toString()));
        assertThat(corrupt.code()).isEqualTo(2);
        assertThat(corrupt.err().lines().toList())
                .singleElement()
                .asString()
                .startsWith("descent train: --resume " + garbage
                        + ": not a Descent checkpoint (safetensors: header length");

        Path ckpt = dir.resolve("c.safetensors");
        assertThat(run(train("--checkpoint", ckpt.toString())).code()).isZero();
        byte[] whole = Files.readAllBytes(ckpt);
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        CliRun cut = run(train("--resume", truncated.toString()));
        assertThat(cut.code()).isEqualTo(2);
        assertThat(cut.err().lines().toList())
                .singleElement()
                .asString()
                .startsWith("descent train: --resume " + truncated + ": not a Descent checkpoint (");

        CliRun directory = run(train("--resume", dir.toString()));
        assertThat(directory.err().strip())
                .isEqualTo("descent train: --resume " + dir + ": is a directory, not a checkpoint file");
    }

    @Test
    void aValSplitThatLeavesNoTrainingExamplesIsAnError() {
        CliRun r = run(train("--val-split", "0.9999"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo(
                        "descent train: validation split 0.9999 of 1000 examples holds out all 1000 (round(0.9999 * 1000)), "
                                + "leaving none to train on");
    }

    @Test
    void inspectWithADotPathThatCannotBeWrittenSaysSoOnOneLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path dot = file.resolve("graph.dot");
        CliRun r = run("inspect", "--model", "curve-fit", "--dot", dot.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("descent inspect: --dot " + dot + ": cannot write there (" + file + " is not a directory)");
    }

    @Test
    void inspectPrintsTheLayerTable() {
        CliRun r = run("inspect", "--model", "keras-mlp");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("linear", "[512]", "401,920", "total parameters: 407,050");
    }

    @Test
    void gradcheckEndsWithTheTally() {
        CliRun r = run("gradcheck", "--op", "matmul");
        assertThat(r.code()).isZero();
        assertThat(r.lines().getLast()).matches("\\d+ passed, 0 failed");
    }
}
