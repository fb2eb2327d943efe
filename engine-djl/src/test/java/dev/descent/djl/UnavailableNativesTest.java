package dev.descent.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.spec.TrainingEngine;
import dev.descent.spec.TrainingEngines;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Without the natives jar the engine says so in one line and never reaches for the network. */
class UnavailableNativesTest {

    @Test
    void aClassPathWithoutNativesIsReportedInOneLine() {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            String reason = DjlRuntime.checkBundled(empty);
            assertThat(reason)
                    .startsWith("djl engine unavailable: libtorch natives not on the class path")
                    .contains("ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64")
                    .doesNotContain("\n");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A fresh JVM whose class path lacks pytorch-native-cpu: isAvailable() is false and train() fails with that line.
     */
    @Test
    void aJvmWithoutTheNativesJarReportsTheEngineUnavailable() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String withoutNatives = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.contains("pytorch-native-cpu"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(withoutNatives).contains("pytorch-engine").isNotEqualTo(classPath);
        String java = System.getProperty("java.home") + "/bin/java";
        Process p = new ProcessBuilder(java, "-cp", withoutNatives, Probe.class.getName())
                .redirectErrorStream(true)
                .start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!done) p.destroyForcibly();

        assertThat(done).as("probe finished").isTrue();
        String why = "djl engine unavailable: libtorch natives not on the class path (need"
                + " ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64 and ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0)";
        assertThat(out).isEqualTo("available=false\nreason=" + why + "\ntrain=" + why);
    }

    /** Run in the child JVM. */
    public static final class Probe {
        public static void main(String[] args) {
            TrainingEngine engine = TrainingEngines.get("djl");
            System.out.println("available=" + engine.isAvailable());
            System.out.println("reason=" + DjlEngine.unavailableReason());
            try {
                engine.train(
                        new dev.descent.spec.TrainJob(
                                DjlEngineTest.MLP,
                                DjlEngineTest.config(dev.descent.spec.OptimizerConfig.of("sgd", 0.1)),
                                DjlEngineTest.BLOBS,
                                null),
                        null,
                        null);
                System.out.println("train=ran");
            } catch (IllegalStateException e) {
                System.out.println("train=" + e.getMessage());
            }
        }
    }
}
