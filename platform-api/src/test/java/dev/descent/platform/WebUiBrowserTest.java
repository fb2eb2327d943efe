package dev.descent.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.testing.IdxFiles;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The web UI end to end in a real headless Chromium (Debian's, driven by playwright-core from web-ui/e2e/e2e.mjs)
 * against the whole platform with its in-process worker: upload a dataset and see its samples, a bad spec and a bad
 * field shown inline, launch a run from the form and watch its chart grow, clone it, cancel one, filter and delete in
 * the runs table, compare two runs, and (where the platform has sweeps) run an optimizer shoot-out and compare its
 * runs. Screenshots land in target/e2e. Skipped, saying why, where Chromium, node or the web-ui build is missing.
 */
@TestPropertySource(properties = {"descent.worker.enabled=true", "descent.worker.gpu=none"})
class WebUiBrowserTest extends PlatformTest {
    static final Path WEB_UI = Path.of("..", "web-ui").toAbsolutePath().normalize();
    static final Path OUT = Path.of("target", "e2e").toAbsolutePath();
    static final long SLOW_SEED = 777, STUCK_SEED = 778;

    @AfterEach
    void resetEngine() {
        TestEngine.reset();
    }

    @Test
    void theWebUiWorksEndToEndInAHeadlessBrowser() throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        assumeTrue(new File(chromium).canExecute(), "web UI browser tests skipped: no Chromium at " + chromium);
        assumeTrue(onPath("node"), "web UI browser tests skipped: no node on the PATH");
        assumeTrue(
                Files.isDirectory(WEB_UI.resolve("node_modules/playwright-core")),
                "web UI browser tests skipped: web-ui/node_modules has no playwright-core (build web-ui first)");
        assumeTrue(
                Files.isRegularFile(WEB_UI.resolve("target/classes/static/index.html")),
                "web UI browser tests skipped: web-ui is not built");

        // The test engine trains ~300 steps of 40 ms for the run watched live, and far longer for the one cancelled.
        TestEngine.STEP_DELAY_MS.put(SLOW_SEED, 40L);
        TestEngine.STEP_DELAY_MS.put(STUCK_SEED, 1_000L);
        Path fixtures = Files.createDirectories(OUT.resolve("fixtures"));
        Files.write(fixtures.resolve("train-images-idx3-ubyte.gz"), IdxFiles.gzip(shapes(600, 1)));
        Files.write(fixtures.resolve("train-labels-idx1-ubyte"), IdxFiles.labels(600, 4));
        Files.write(fixtures.resolve("t10k-images-idx3-ubyte"), shapes(100, 2));
        Files.write(fixtures.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(100, 4));

        Path log = OUT.resolve("e2e.log");
        ProcessBuilder pb = new ProcessBuilder("node", "e2e/e2e.mjs")
                .directory(WEB_UI.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("BASE_URL", "http://127.0.0.1:" + port);
        pb.environment().put("ADMIN_TOKEN", Http.ADMIN_TOKEN);
        pb.environment().put("OUT_DIR", OUT.toString());
        pb.environment().put("FIXTURES", fixtures.toString());
        pb.environment().put("CHROMIUM", chromium);
        pb.environment().put("SLOW_SEED", Long.toString(SLOW_SEED));
        pb.environment().put("STUCK_SEED", Long.toString(STUCK_SEED));
        Process p = pb.start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        if (!done) p.destroyForcibly();
        String output = Files.readString(log);
        System.out.println(output);
        assertThat(done)
                .as("the browser flows finished within 10 minutes:\n" + output)
                .isTrue();
        assertThat(p.exitValue())
                .as("the browser flows (screenshots in " + OUT + "):\n" + output)
                .isZero();
        assertThat(OUT.resolve("compare.png")).exists();
    }

    private static boolean onPath(String command) {
        try {
            return new ProcessBuilder(command, "--version").start().waitFor(20, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** 28x28 images of four shapes (a bar across, a bar down, a square, a diagonal) by label i mod 4, over noise. */
    static byte[] shapes(int n, long seed) {
        Random rnd = new Random(seed);
        ByteBuffer b = ByteBuffer.allocate(16 + n * 28 * 28)
                .putInt(0x0803)
                .putInt(n)
                .putInt(28)
                .putInt(28);
        for (int i = 0; i < n; i++) {
            int c = i % 4, shift = rnd.nextInt(9) - 4;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int yy = y - shift, xx = x - shift;
                    boolean on = switch (c) {
                        case 0 -> yy >= 11 && yy <= 16 && x >= 4 && x <= 23;
                        case 1 -> xx >= 11 && xx <= 16 && y >= 4 && y <= 23;
                        case 2 ->
                            yy >= 8
                                    && yy <= 19
                                    && xx >= 8
                                    && xx <= 19
                                    && !(yy >= 11 && yy <= 16 && xx >= 11 && xx <= 16);
                        default -> Math.abs(yy - xx) <= 2 && y >= 3 && y <= 24;
                    };
                    b.put((byte) (on ? 170 + rnd.nextInt(85) : rnd.nextInt(40)));
                }
            }
        }
        return b.array();
    }
}
