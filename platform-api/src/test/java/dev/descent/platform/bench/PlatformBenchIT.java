package dev.descent.platform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.platform.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/platform-bench}, smaller, run as the script runs it (failsafe runs this after the jar is built): the
 * packaged jar's classes with the benchmark added from the test classes. Whether the figures meet their targets is for
 * the README's run, not a test; that every one is measured is.
 */
class PlatformBenchIT {
    static final Path JAR = Path.of("target/descent-platform.jar");
    static final Path TEST_CLASSES = Path.of("target/test-classes");

    @Test
    void theBenchmarkMeasuresEveryFigure(@TempDir Path dir) throws Exception {
        String db = TestDatabase.create("bench");
        try {
            Path out = dir.resolve("out.log"), err = dir.resolve("err.log");
            Process p = new ProcessBuilder(List.of(
                            java(),
                            "--add-modules",
                            "jdk.incubator.vector",
                            "--enable-native-access=ALL-UNNAMED",
                            "-Dloader.path=" + TEST_CLASSES.toAbsolutePath(),
                            "-Dloader.main=" + PlatformBench.class.getName(),
                            "-cp",
                            JAR.toAbsolutePath().toString(),
                            "org.springframework.boot.loader.launch.PropertiesLauncher",
                            "--spring.datasource.url=" + TestDatabase.url(db),
                            "--spring.datasource.username=" + TestDatabase.USER,
                            "--spring.main.banner-mode=off",
                            "--logging.level.root=WARN",
                            "--bench.points=200000"))
                    .directory(dir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("the bench ends").isTrue();
            String report = Files.readString(out);
            assertThat(p.exitValue()).as(report + Files.readString(err)).isZero();
            assertThat(report)
                    .contains(
                            "metric ingestion: 200,000 points",
                            "downsampled query, 1,000,000 points",
                            "compare, 100 runs x 2 keys x 10,000 points",
                            "worker logs a point -> SSE client has it: p50",
                            "idle worker claims a newly queued run: p50");
            assertThat(report)
                    .as("every point logged reached the SSE client\n" + Files.readString(err))
                    .doesNotContain("NEVER ARRIVED");
        } finally {
            TestDatabase.drop(db);
        }
    }

    static String java() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
