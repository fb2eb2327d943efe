package dev.descent.platform.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.platform.Http;
import dev.descent.platform.PlatformTest;
import dev.descent.platform.TestDatabase;
import dev.descent.platform.deploy.DeployFiles.Manifest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the deployments ask a running platform (this test's) is answered: the Kubernetes probes' paths and the image's
 * health check script, in both of its roles.
 */
class ProbesTest extends PlatformTest {

    @Test
    void everyPathTheDeploymentsProbeAnswersUp() throws Exception {
        Set<String> paths = new TreeSet<>();
        for (Manifest m : DeployFiles.manifests()) {
            Matcher path = Pattern.compile("path=(/[^,}]*)").matcher(m.doc().toString());
            while (path.find()) paths.add(path.group(1));
        }
        Matcher script = Pattern.compile("GET (/\\S+) HTTP").matcher(Files.readString(DeployFiles.HEALTHCHECK));
        while (script.find()) paths.add(script.group(1));
        assertThat(paths).containsExactly("/actuator/health/liveness", "/actuator/health/readiness");

        Http http = http();
        for (String path : paths) {
            Http.Response r = http.get(path);
            assertThat(r.status()).as(path + " " + r).isEqualTo(200);
            assertThat(r.json().get("status").asString()).as(path).isEqualTo("UP");
        }
        assertThat(http.get("/actuator/health").json().get("groups").toString()).contains("liveness", "readiness");
    }

    @Test
    void theImagesHealthCheckPassesForAPlatformThatAnswersAndFailsForOneThatDoesNot() throws Exception {
        assumeProcFs();
        long pid = ProcessHandle.current().pid();
        assertThat(healthcheck(Map.of("DESCENT_HEALTHCHECK_PID", "" + pid, "SERVER_PORT", "" + port))
                        .exit())
                .isZero();
        DeployFiles.Run nobodyThere =
                healthcheck(Map.of("DESCENT_HEALTHCHECK_PID", "" + pid, "SERVER_PORT", "" + freePort()));
        assertThat(nobodyThere.exit()).isNotZero();
    }

    @Test
    void theImagesHealthCheckPassesForAWorkerConnectedToItsDatabaseAndFailsOtherwise() throws Exception {
        assumeProcFs();
        // This JVM holds connections to the test database, as a worker holds its LISTEN connection.
        String pid = "" + ProcessHandle.current().pid();
        String url = TestDatabase.url("descent");
        DeployFiles.Run connected = healthcheck(
                Map.of("DESCENT_HEALTHCHECK_PID", pid, "DESCENT_ROLE", "worker", "SPRING_DATASOURCE_URL", url));
        assertThat(connected.exit()).as(connected.output()).isZero();

        DeployFiles.Run elsewhere = healthcheck(Map.of(
                "DESCENT_HEALTHCHECK_PID",
                pid,
                "DESCENT_ROLE",
                "worker",
                "SPRING_DATASOURCE_URL",
                "jdbc:postgresql://db.example:5999/descent"));
        assertThat(elsewhere.exit()).isNotZero();
        assertThat(elsewhere.output()).contains("holds no connection to its database (port 5999)");
    }

    private static DeployFiles.Run healthcheck(Map<String, String> env) throws Exception {
        DeployFiles.Run run = DeployFiles.run(env, "bash", DeployFiles.HEALTHCHECK.toString());
        assumeTrue(run != null, "bash is installed");
        return run;
    }

    private static void assumeProcFs() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "Linux /proc");
    }

    /** A port nothing listens on. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
