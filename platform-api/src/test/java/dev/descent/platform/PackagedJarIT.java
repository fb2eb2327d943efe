package dev.descent.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a newcomer runs it, with no arguments and no database configured (failsafe runs this after the
 * jar is built). As an unprivileged user it starts a PostgreSQL of its own under $HOME; as root (which PostgreSQL
 * refuses) the platform stays root and its PostgreSQL runs as {@code nobody}. Either way it serves the UI and the API,
 * and what it stored is there after a restart.
 */
class PackagedJarIT {
    static final Path JAR = Path.of("target/descent-platform.jar");
    static final long START_TIMEOUT_S = 180;

    @Test
    void asRootItRunsItsPostgreSQLAsAnUnprivilegedUserAndServesTheUiAndTheApi(@TempDir Path tmp) throws Exception {
        assumeTrue(isRoot(), "runs as root");
        // PostgreSQL must pass through every directory above its data; a JUnit temp dir is private to root.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path state = tmp.resolve("state");
        List<String> command =
                List.of(java(), "-jar", JAR.toAbsolutePath().toString(), "--descent.embedded-postgres.dir=" + state);

        int port = freePort();
        Http http = new Http("http://127.0.0.1:" + port);
        try (Running first = Running.start(command, port, tmp.resolve("first"))) {
            first.awaitUp(http);
            Http.Response page = http.get("/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.text()).containsIgnoringCase("<html");
            Http.Response created = http.post("/api/experiments", Map.of("name", "made as root"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(http.get("/api/runs").status()).isEqualTo(200);
            assertThat(Files.readString(first.log()))
                    .contains("the embedded PostgreSQL runs as user 'nobody'")
                    .contains("descent: the platform is up at http://localhost:" + port + "/");
        }
        Path data = state.resolve("postgres");
        assertThat(data.resolve("PG_VERSION")).exists();
        assertThat((Integer) Files.getAttribute(data, "unix:uid"))
                .as("the cluster belongs to an unprivileged user")
                .isNotZero();
        assertThat(data.resolve("postmaster.pid")).as("the server was stopped").doesNotExist();

        try (Running second = Running.start(command, port, tmp.resolve("second"))) {
            second.awaitUp(http);
            assertThat(http.get("/api/experiments").text()).contains("made as root");
        }
    }

    @Test
    void asAnUnprivilegedUserItRunsItsOwnPostgreSQLAndKeepsWhatItStoredAcrossRestarts(@TempDir Path tmp)
            throws Exception {
        List<String> asUser = new ArrayList<>();
        Path home = tmp.resolve("home");
        Path jar = JAR.toAbsolutePath();
        if (isRoot()) {
            // As a service account would run it: runuser -u nobody, with a writable home and a jar it can read.
            Path runuser = Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")
                    .map(Path::of)
                    .filter(Files::isExecutable)
                    .findFirst()
                    .orElse(null);
            assumeTrue(runuser != null, "runuser is installed");
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(home);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
            jar = Files.copy(JAR, tmp.resolve("descent-platform.jar"), StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
            asUser.addAll(List.of(runuser.toString(), "-u", "nobody", "--"));
        } else {
            Files.createDirectories(home);
        }
        List<String> command = new ArrayList<>(asUser);
        command.addAll(List.of("env", "HOME=" + home, java(), "-jar", jar.toString()));

        int port = freePort();
        Http http = new Http("http://127.0.0.1:" + port);
        try (Running first = Running.start(command, port, tmp.resolve("first"))) {
            first.awaitUp(http.anonymous());
            // The first start made an admin and wrote its token where only the platform's user can read it.
            Path tokenFile = home.resolve(".descent/initial-admin-token");
            assertThat(tokenFile).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
                    .isEqualTo("rw-------");
            http = http.as(Files.readString(tokenFile).strip());
            assertThat(Files.readString(first.log())).contains("/login?token=" + http.token());
            assertThat(http.anonymous().get("/api/experiments").status()).isEqualTo(401);
            Http.Response created = http.post("/api/experiments", Map.of("name", "kept across restarts"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
        }
        assertThat(home.resolve(".descent/postgres/PG_VERSION"))
                .as("the data lives under $HOME")
                .exists();

        try (Running second = Running.start(command, port, tmp.resolve("second"))) {
            second.awaitUp(http);
            assertThat(http.get("/api/experiments").text()).contains("kept across restarts");
        }
    }

    /** The jar running in the background; closing it sends SIGTERM and waits for a clean exit. */
    record Running(Process process, Path log) implements AutoCloseable {
        static Running start(List<String> command, int port, Path logs) throws IOException {
            Files.createDirectories(logs);
            List<String> withPort = new ArrayList<>(command);
            withPort.add("--server.port=" + port);
            Path log = logs.resolve("out.log");
            return new Running(PackagedJarIT.start(withPort, logs, log, log), log);
        }

        void awaitUp(Http http) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive())
                    throw new AssertionError(
                            "the jar exited with " + process.exitValue() + ":\n" + Files.readString(log));
                try {
                    if (http.get("/actuator/health").text().contains("\"UP\"")) return;
                } catch (UncheckedIOException notYet) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            throw new AssertionError("not up after " + START_TIMEOUT_S + " s:\n" + Files.readString(log));
        }

        @Override
        public void close() throws IOException {
            process.destroy();
            boolean stopped;
            try {
                stopped = process.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new AssertionError("interrupted while the jar stopped", e);
            }
            if (!stopped) {
                process.destroyForcibly();
                throw new AssertionError("did not stop within 60 s of SIGTERM:\n" + Files.readString(log));
            }
        }
    }

    static Process start(List<String> command, Path dir, Path out, Path err) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile());
        // One file for both streams through one descriptor: two would overwrite each other's lines.
        if (out.equals(err)) pb.redirectErrorStream(true);
        else pb.redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SPRING_DATASOURCE"));
        pb.environment().put("HOME", dir.toString());
        return pb.start();
    }

    static String java() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static boolean isRoot() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    }
}
