package dev.descent.platform.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.platform.Fixtures;
import dev.descent.platform.Http;
import dev.descent.platform.TestEngine;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL stopped for 30 s while a run trains, on a private cluster (initdb and pg_ctl, as a non-root user when the
 * tests run as root): the API answers 503 problem details with Retry-After within 2.5 s throughout, health says DOWN as
 * fast, and when the database is back the run completes with every step's point stored exactly once.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "descent.queue.heartbeat=200ms",
            "descent.queue.lease=1s",
            "descent.worker.enabled=true",
            "descent.worker.gpu=none",
            "descent.worker.shutdown-timeout=10s",
            "descent.security.initial-admin-token=" + Http.ADMIN_TOKEN,
            "server.shutdown=immediate",
            "spring.main.banner-mode=off",
            "logging.level.org.springframework=WARN",
            "logging.level.com.zaxxer=ERROR",
            "logging.level.org.flywaydb=WARN",
        })
class PostgresOutageTest {
    static final long SEED = 4242;
    static final Cluster CLUSTER = Cluster.create();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + CLUSTER.port + "/postgres");
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    @AfterAll
    static void stopCluster() {
        CLUSTER.close();
        TestEngine.reset();
    }

    @Test
    void aThirtySecondOutageIsAnsweredFastAndTheRunCompletesWithEveryPointOnce() throws Exception {
        assumeTrue(CLUSTER.available, "PostgreSQL outage test skipped: no initdb/pg_ctl (or no non-root user)");
        Http http = new Http("http://127.0.0.1:" + port);
        // 4 epochs of 100 steps at 100 ms: 40 s of training, the outage in the middle of it.
        TestEngine.STEP_DELAY_MS.put(SEED, 100L);
        var body = Fixtures.run(
                Fixtures.experiment(http),
                Fixtures.spirals(http, 600),
                Fixtures.model(http, Fixtures.TINY_MODEL),
                SEED);
        body.put("batchSize", 5);
        body.put("epochs", 4);
        long run = Fixtures.queue(http, body);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http.get("/api/runs/" + run)
                        .json()
                        .get("status")
                        .asString()
                        .equals("RUNNING"));
        Thread.sleep(3_000);

        CLUSTER.stop();
        long outageEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int asked = 0;
        while (System.nanoTime() < outageEnds) {
            for (String path : List.of("/api/runs/" + run, "/api/runs", "/actuator/health")) {
                long start = System.nanoTime();
                Http.Response r =
                        path.startsWith("/actuator") ? http.anonymous().get(path) : http.get(path);
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(r.status()).as(path + ": " + r).isEqualTo(503);
                assertThat(seconds).as(path).isLessThan(2.5);
                if (!path.startsWith("/actuator")) {
                    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
                    assertThat(r.header("Retry-After")).isNotNull();
                    assertThat(r.text()).doesNotContainIgnoringCase("postgres").doesNotContain("Connection");
                }
                asked++;
            }
            Thread.sleep(1_000);
        }
        assertThat(asked).as("requests answered during the outage").isGreaterThanOrEqualTo(9);
        CLUSTER.start();

        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Http.Response r = http.get("/api/runs/" + run);
                    return r.status() == 200
                            && r.json().get("status").asString().equals("SUCCEEDED");
                });
        JsonNode series = http.get("/api/runs/" + run + "/metrics?key=train/loss&maxPoints=10000")
                .json();
        List<Long> steps = new ArrayList<>();
        for (JsonNode p : series.get("points")) steps.add(p.get("step").asLong());
        assertThat(steps).as("every step once").hasSize(400).doesNotHaveDuplicates();
        assertThat(steps.getFirst()).isEqualTo(1);
        assertThat(steps.getLast()).isEqualTo(400);
        String csv = http.get("/api/runs/" + run + "/metrics.csv").text();
        assertThat(csv.lines().filter(l -> l.startsWith("train/loss,")).count()).isEqualTo(400);
    }

    /** A PostgreSQL cluster of the test's own in a temporary directory. */
    static final class Cluster implements AutoCloseable {
        final boolean available;
        final int port;
        final Path dir;
        final List<String> asUser;
        final Path bin;

        private Cluster(boolean available, int port, Path dir, List<String> asUser, Path bin) {
            this.available = available;
            this.port = port;
            this.dir = dir;
            this.asUser = asUser;
            this.bin = bin;
        }

        static Cluster create() {
            try {
                Path bin = Stream.of(
                                "/usr/lib/postgresql/17/bin",
                                "/usr/lib/postgresql/16/bin",
                                "/usr/lib/postgresql/15/bin",
                                "/usr/local/bin")
                        .map(Path::of)
                        .filter(p -> Files.isExecutable(p.resolve("pg_ctl")) && Files.isExecutable(p.resolve("initdb")))
                        .findFirst()
                        .orElse(null);
                if (bin == null) return new Cluster(false, 0, null, List.of(), null);
                List<String> asUser = new ArrayList<>();
                Path dir = Files.createTempDirectory("descent-outage");
                if ("root".equals(System.getProperty("user.name"))) {
                    Path runuser = Path.of("/usr/sbin/runuser");
                    if (!Files.isExecutable(runuser)) return new Cluster(false, 0, null, List.of(), null);
                    asUser.addAll(List.of(runuser.toString(), "-u", "nobody", "--"));
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
                }
                int port;
                try (ServerSocket s = new ServerSocket(0)) {
                    port = s.getLocalPort();
                }
                Cluster c = new Cluster(true, port, dir, asUser, bin);
                c.run(List.of(
                        bin.resolve("initdb").toString(),
                        "-D",
                        dir.resolve("data").toString(),
                        "-U",
                        "postgres",
                        "-A",
                        "trust",
                        "--no-sync"));
                c.start();
                return c;
            } catch (IOException | RuntimeException e) {
                return new Cluster(false, 0, null, List.of(), null);
            }
        }

        void start() {
            run(List.of(
                    bin.resolve("pg_ctl").toString(),
                    "-D",
                    dir.resolve("data").toString(),
                    "-w",
                    "-l",
                    dir.resolve("log").toString(),
                    "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                    "start"));
        }

        void stop() {
            run(List.of(
                    bin.resolve("pg_ctl").toString(),
                    "-D",
                    dir.resolve("data").toString(),
                    "-w",
                    "-m",
                    "fast",
                    "stop"));
        }

        private void run(List<String> command) {
            List<String> full = new ArrayList<>(asUser);
            full.addAll(command);
            try {
                Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
                    throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            if (!available) return;
            try {
                stop();
            } catch (RuntimeException ignored) {
                // already stopped
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory
            }
        }
    }
}
