package dev.descent.platform.deploy;

import static dev.descent.platform.deploy.DeployFiles.COMPOSE;
import static dev.descent.platform.deploy.DeployFiles.DATABASE_KEYS;
import static dev.descent.platform.deploy.DeployFiles.DATABASE_SECRET;
import static dev.descent.platform.deploy.DeployFiles.DOCKERFILE;
import static dev.descent.platform.deploy.DeployFiles.ROOT;
import static dev.descent.platform.deploy.DeployFiles.at;
import static dev.descent.platform.deploy.DeployFiles.list;
import static dev.descent.platform.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.platform.deploy.DeployFiles.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml, the Dockerfile and the Kubernetes manifests, checked as far as a machine without a Docker engine
 * or a cluster can: Debian's docker-compose and kubectl's kustomize render them where installed, and their structure is
 * checked against what the platform really reads (its settings, its role flag, its actuator paths).
 */
class DeployFilesTest {
    static final Pattern ROLE = Pattern.compile("--descent\\.role=(\\w+)");
    static final Map<String, String> ROLE_OF_COMPONENT =
            Map.of("platform", "all", "worker", "worker", "gpu-worker", "worker");
    static final Set<String> PROBE_PATHS = Set.of("/actuator/health/liveness", "/actuator/health/readiness");

    // ---------------------------------------------------------------- docker compose

    @Test
    void dockerComposeAcceptsTheFileWithTheExampleEnvironment() throws Exception {
        DeployFiles.Run run = DeployFiles.run(
                Map.of(), "docker-compose", "-f", "docker-compose.yml", "--env-file", ".env.example", "config");
        assumeTrue(run != null, "docker-compose is not installed (apt-get install docker-compose)");
        assertThat(run.exit()).as(run.output()).isZero();
        Map<String, Object> config = DeployFiles.yamlDocuments(run.output()).getFirst();
        assertThat(map(config, "services")).containsOnlyKeys("postgres", "platform", "worker", "gpu-worker");
        assertThat(at(config, "services", "platform", "environment", "SPRING_DATASOURCE_PASSWORD"))
                .isEqualTo("change-me");
    }

    @Test
    void withoutADatabasePasswordDockerComposeRefusesToStartAndSaysWhereToSetIt(@TempDir Path tmp) throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.env"));
        DeployFiles.Run run = DeployFiles.run(
                Map.of(), "docker-compose", "-f", "docker-compose.yml", "--env-file", empty.toString(), "config");
        assumeTrue(run != null, "docker-compose is not installed (apt-get install docker-compose)");
        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).contains("set POSTGRES_PASSWORD in .env");
    }

    @Test
    void composeRunsPostgres17WithANamedVolumeAndAHealthCheck() {
        Map<String, Object> postgres = service("postgres");
        assertThat((String) postgres.get("image")).startsWith("postgres:17");
        assertThat(list(postgres, "volumes")).contains("postgres-data:/var/lib/postgresql/data");
        assertThat(map(compose(), "volumes")).containsKey("postgres-data");
        assertThat(at(postgres, "healthcheck", "test").toString()).contains("pg_isready");
        assertThat(at(postgres, "environment", "POSTGRES_PASSWORD").toString()).startsWith("${POSTGRES_PASSWORD:?");
    }

    @Test
    void everyDescentServiceRunsTheOneImageWithItsRoleAfterAHealthyDatabase() {
        Set<String> images = new LinkedHashSet<>();
        for (String name : List.of("platform", "worker", "gpu-worker")) {
            Map<String, Object> s = service(name);
            images.add((String) s.get("image"));
            assertThat(s.get("build")).as(name + " builds from the Dockerfile").isNotNull();
            assertThat(role(list(s, "command"))).as(name).isEqualTo(ROLE_OF_COMPONENT.get(name));
            assertThat(at(s, "depends_on", "postgres", "condition")).as(name).isEqualTo("service_healthy");
            Map<String, Object> env = map(s, "environment");
            assertThat(env)
                    .as(name)
                    .containsKeys("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD");
            assertThat(env.get("SPRING_DATASOURCE_URL").toString()).startsWith("jdbc:postgresql://postgres:5432/");
        }
        assertThat(images).hasSize(1);
        assertThat(at(compose(), "services", "worker", "depends_on", "platform", "condition"))
                .as("workers wait for the platform's migrations")
                .isEqualTo("service_healthy");
        assertThat(at(compose(), "services", "platform", "ports").toString()).contains(":8080");
    }

    @Test
    void workersScaleBecauseNothingTiesThemToOneContainer() {
        for (String name : List.of("worker", "gpu-worker")) {
            Map<String, Object> s = service(name);
            assertThat(s)
                    .as(name + ": a published port or a fixed name would stop --scale")
                    .doesNotContainKeys("ports", "container_name");
        }
    }

    @Test
    void theGpuProfileReservesNvidiaGpusAndAnnouncesThem() {
        Map<String, Object> gpu = service("gpu-worker");
        assertThat(list(gpu, "profiles")).containsExactly("gpu");
        @SuppressWarnings("unchecked")
        Map<String, Object> device = (Map<String, Object>)
                ((List<Object>) at(gpu, "deploy", "resources", "reservations", "devices")).getFirst();
        assertThat(device.get("driver")).isEqualTo("nvidia");
        assertThat(device.get("capabilities").toString()).isEqualTo("[gpu]");
        assertThat(device.get("count")).isEqualTo(1);
        assertThat(at(gpu, "environment", "DESCENT_WORKER_GPU")).isEqualTo("auto");
        assertThat(at(compose(), "services", "worker", "environment", "DESCENT_WORKER_GPU"))
                .isEqualTo("none");
        assertThat(service("worker")).doesNotContainKey("profiles");
    }

    @Test
    void composeGivesWorkersTimeToCheckpointBeforeItKillsThem() {
        for (String name : List.of("platform", "worker", "gpu-worker")) {
            Map<String, Object> s = service(name);
            Duration grace = dockerDuration((String) s.get("stop_grace_period"));
            assertGraceOutlastsShutdown(name, grace, stringEnv(map(s, "environment")));
        }
    }

    @Test
    void composeSecretsComeFromTheEnvFileWhichGitIgnores() throws IOException {
        String text = Files.readString(COMPOSE);
        Set<String> required = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\\$\\{(\\w+)(:?[-?])?").matcher(text);
        while (m.find()) required.add(m.group(1));
        Map<String, String> example = envFile(ROOT.resolve(".env.example"));
        assertThat(example.keySet())
                .as("every variable docker-compose.yml reads is in .env.example")
                .containsAll(required);
        assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).contains(".env");
        assertThat(Files.readAllLines(ROOT.resolve(".dockerignore"))).contains(".env");
    }

    // ---------------------------------------------------------------- Dockerfile

    @Test
    void theDockerfileBuildsWithTheWrapperAndRunsAJlinkedRuntimeAsAnUnprivilegedUser() throws IOException {
        List<Dockerfile.Instruction> all = Dockerfile.parse(DOCKERFILE);
        List<List<Dockerfile.Instruction>> stages = Dockerfile.stages(all);
        assertThat(stages).as("a build stage and a runtime stage").hasSize(2);
        Map<String, String> args = Dockerfile.args(all);

        Set<String> stageNames = new LinkedHashSet<>();
        for (List<Dockerfile.Instruction> stage : stages) {
            String[] from = stage.getFirst().arguments().split("\\s+", -1);
            String image = Dockerfile.substitute(from[0], args);
            if (!stageNames.contains(image)) assertPinned(image);
            if (from.length == 3 && from[1].equalsIgnoreCase("AS")) stageNames.add(from[2]);
        }

        String build = Dockerfile.text(stages.getFirst());
        assertThat(build).contains("./mvnw").contains("scripts/jlink-runtime");
        assertThat(ROOT.resolve("scripts/jlink-runtime")).isExecutable();

        List<Dockerfile.Instruction> runtime = stages.getLast();
        List<Dockerfile.Instruction> users = Dockerfile.all(runtime, "USER");
        assertThat(users).as("the runtime stage names its user").isNotEmpty();
        String user = users.getLast().arguments().split(":", -1)[0];
        assertThat(user).isNotIn("root", "0");
        assertThat(Dockerfile.all(runtime, "HEALTHCHECK"))
                .singleElement()
                .satisfies(h -> assertThat(h.arguments()).contains("CMD").contains("descent-healthcheck"));
        assertThat(Dockerfile.text(runtime))
                .contains("COPY deploy/docker/healthcheck /usr/local/bin/descent-healthcheck");
        assertThat(DeployFiles.HEALTHCHECK).isExecutable();

        String entrypoint = Dockerfile.all(runtime, "ENTRYPOINT").getLast().arguments();
        assertThat(entrypoint)
                .as("the JVM flags the CPU backend (Vector API) and native libraries (FFM) need")
                .contains("\"--add-modules\", \"jdk.incubator.vector\"")
                .contains("\"--enable-native-access=ALL-UNNAMED\"")
                .contains("\"-jar\", \"/opt/descent/descent-platform.jar\"")
                .doesNotContain("--descent.role");
        assertThat(Dockerfile.text(runtime))
                .contains("COPY --from=build /opt/java /opt/java")
                .contains("EXPOSE 8080");

        // Everything COPY takes from the build context exists.
        for (Dockerfile.Instruction copy : Dockerfile.all(runtime, "COPY")) {
            if (copy.arguments().startsWith("--from")) continue;
            assertThat(ROOT.resolve(copy.arguments().split("\\s+", -1)[0]))
                    .as(copy.toString())
                    .exists();
        }
    }

    @Test
    void theBuildContextLeavesOutWhatIsBuiltCachedOrSecret() throws IOException {
        assertThat(Files.readAllLines(ROOT.resolve(".dockerignore"))).contains(".git", "**/target", ".env");
    }

    static void assertPinned(String image) {
        assertThat(image).as("a base image").doesNotContain("$");
        if (image.contains("@sha256:")) return;
        int colon = image.lastIndexOf(':');
        assertThat(colon).as(image + " names a tag").isPositive();
        String tag = image.substring(colon + 1);
        assertThat(tag)
                .as(image + ": pinned to a release (major.minor at least), not latest or a bare major")
                .matches(".*\\d+\\.\\d+.*")
                .doesNotContain("latest");
    }

    // ---------------------------------------------------------------- Kubernetes

    @Test
    void everyManifestIsADeploymentOrServiceWithItsRequiredFields() {
        List<Manifest> manifests = DeployFiles.manifests();
        assertThat(manifests).isNotEmpty();
        Map<String, String> apiVersions = Map.of("Deployment", "apps/v1", "Service", "v1");
        for (Manifest m : manifests) {
            assertThat(apiVersions).as(m + ": kind").containsKey(m.kind());
            assertThat(m.doc().get("apiVersion")).as(m + ": apiVersion").isEqualTo(apiVersions.get(m.kind()));
            assertThat(m.name()).as(m + ": metadata.name").matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
            assertThat(map(m.doc(), "spec")).as(m.toString()).isNotEmpty();
        }
        assertThat(manifests.stream().map(m -> m.kind() + "/" + m.name()))
                .as("one object per kind and name")
                .doesNotHaveDuplicates();
    }

    @Test
    void deploymentsSelectTheirOwnPodsAndRunTheOneImageWithTheirRole() {
        Set<String> images = new LinkedHashSet<>();
        for (Manifest m : deployments()) {
            Map<String, Object> spec = map(m.doc(), "spec");
            Map<String, Object> selector = map(map(spec, "selector"), "matchLabels");
            Map<String, Object> podLabels = map(map(map(spec, "template"), "metadata"), "labels");
            assertThat(podLabels)
                    .as(m + ": the selector matches the pod labels")
                    .containsAllEntriesOf(selector);
            assertThat(map(map(m.doc(), "metadata"), "labels")).as(m.toString()).containsAllEntriesOf(selector);
            assertThat(((Number) spec.get("replicas")).intValue())
                    .as(m.toString())
                    .isPositive();

            Map<String, Object> container = container(m);
            images.add((String) container.get("image"));
            String component = (String) podLabels.get("app.kubernetes.io/component");
            assertThat(ROLE_OF_COMPONENT).as(m + ": component label").containsKey(component);
            assertThat(role(list(container, "args")))
                    .as(m + ": --descent.role")
                    .isEqualTo(ROLE_OF_COMPONENT.get(component));

            Map<String, Object> pod = map(map(spec, "template"), "spec");
            assertThat(at(pod, "securityContext", "runAsNonRoot"))
                    .as(m.toString())
                    .isEqualTo(true);
            assertThat(at(pod, "securityContext", "runAsUser"))
                    .as(m + ": the image's user")
                    .isEqualTo(10001);
            assertThat(at(container, "securityContext", "allowPrivilegeEscalation"))
                    .as(m.toString())
                    .isEqualTo(false);
        }
        assertThat(images).as("one image, set by the kustomizations' images:").containsExactly("descent");
    }

    @Test
    void theDatabaseComesFromOneSecretWithTheKeysTheReadmeCreates() throws IOException {
        String readme = Files.readString(DeployFiles.K8S.resolve("README.md"));
        assertThat(readme).contains("kubectl create secret generic " + DATABASE_SECRET);
        for (String key : DATABASE_KEYS) assertThat(readme).contains("--from-literal=" + key + "=");
        for (Manifest m : deployments()) {
            Map<String, String> refs = new LinkedHashMap<>();
            for (Object e : list(container(m), "env")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> var = (Map<String, Object>) e;
                Object ref = at(var, "valueFrom", "secretKeyRef");
                if (ref == null) continue;
                @SuppressWarnings("unchecked")
                Map<String, Object> r = (Map<String, Object>) ref;
                assertThat(r.get("name")).as(m + ": " + var.get("name")).isEqualTo(DATABASE_SECRET);
                refs.put((String) var.get("name"), (String) r.get("key"));
            }
            assertThat(refs)
                    .as(m.toString())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "SPRING_DATASOURCE_URL", "url",
                            "SPRING_DATASOURCE_USERNAME", "username",
                            "SPRING_DATASOURCE_PASSWORD", "password"));
        }
    }

    @Test
    void thePlatformIsProbedOnItsLivenessAndReadinessGroupsThroughANamedPort() {
        Manifest platform = deployment("platform");
        Map<String, Object> c = container(platform);
        Set<String> ports = list(c, "ports").stream()
                .map(p -> (String) ((Map<?, ?>) p).get("name"))
                .collect(Collectors.toSet());
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            Object path = at(c, probe, "httpGet", "path");
            assertThat(path).as(probe).isIn(PROBE_PATHS);
            assertThat(ports).as(probe + " port").contains((String) at(c, probe, "httpGet", "port"));
        }
        assertThat(at(c, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat(at(c, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        assertThat(at(container(platform), "env").toString()).contains("DESCENT_WORKER_ENABLED");
    }

    @Test
    void theServiceSendsTrafficToThePlatformsNamedPort() {
        Manifest service = DeployFiles.manifests().stream()
                .filter(m -> m.kind().equals("Service"))
                .findFirst()
                .orElseThrow();
        Manifest platform = deployment("platform");
        Map<String, Object> podLabels = map(map(map(map(platform.doc(), "spec"), "template"), "metadata"), "labels");
        assertThat(podLabels).containsAllEntriesOf(map(map(service.doc(), "spec"), "selector"));
        Set<Object> portNames = list(container(platform), "ports").stream()
                .map(p -> ((Map<?, ?>) p).get("name"))
                .collect(Collectors.toSet());
        for (Object p : list(map(service.doc(), "spec"), "ports"))
            assertThat(portNames).contains(((Map<?, ?>) p).get("targetPort"));
    }

    @Test
    void gpuWorkersAskForAGpuAndAnnounceItAndCpuWorkersDoNot() {
        Manifest gpu = deployment("gpu-worker");
        assertThat(at(container(gpu), "resources", "limits", "nvidia.com/gpu")).isEqualTo(1);
        assertThat(env(gpu)).containsEntry("DESCENT_WORKER_GPU", "auto");
        Manifest cpu = deployment("worker");
        assertThat(at(container(cpu), "resources", "limits").toString()).doesNotContain("nvidia.com/gpu");
        assertThat(env(cpu)).containsEntry("DESCENT_WORKER_GPU", "none");
    }

    @Test
    void podsOutliveTheCheckpointWaitWhenStopped() {
        for (Manifest m : deployments()) {
            Object seconds = at(map(map(m.doc(), "spec"), "template"), "spec", "terminationGracePeriodSeconds");
            assertThat(seconds).as(m + ": terminationGracePeriodSeconds").isInstanceOf(Integer.class);
            assertGraceOutlastsShutdown(m.toString(), Duration.ofSeconds((Integer) seconds), env(m));
        }
    }

    @Test
    void kustomizationsListFilesThatExistAndSetTheOneImage() {
        List<Path> kustomizations = DeployFiles.kustomizations();
        assertThat(kustomizations)
                .extracting(k -> ROOT.relativize(k).toString())
                .containsExactlyInAnyOrder("deploy/k8s/base/kustomization.yaml", "deploy/k8s/gpu/kustomization.yaml");
        for (Path k : kustomizations) {
            Map<String, Object> doc = DeployFiles.yaml(k);
            assertThat(doc.get("kind")).isEqualTo("Kustomization");
            for (Object r : list(doc, "resources"))
                assertThat(k.resolveSibling((String) r)).as(k + ": " + r).exists();
            assertThat(list(doc, "images").toString()).contains("name=descent");
        }
    }

    @Test
    void kubectlRendersBothKustomizationsWithTheImageSet() throws Exception {
        Map<String, Integer> expected = Map.of("deploy/k8s/base", 3, "deploy/k8s/gpu", 4);
        for (var e : expected.entrySet()) {
            DeployFiles.Run run = DeployFiles.run(Map.of(), "kubectl", "kustomize", e.getKey());
            assumeTrue(run != null, "kubectl is not installed");
            assertThat(run.exit()).as(run.output()).isZero();
            List<Map<String, Object>> objects = DeployFiles.yamlDocuments(run.output());
            assertThat(objects).as(e.getKey()).hasSize(e.getValue());
            for (Map<String, Object> o : objects) {
                assertThat(at(o, "metadata", "labels", "app.kubernetes.io/part-of"))
                        .isEqualTo("descent");
                if (!"Deployment".equals(o.get("kind"))) continue;
                @SuppressWarnings("unchecked")
                Map<String, Object> c = (Map<String, Object>)
                        ((List<Object>) at(o, "spec", "template", "spec", "containers")).getFirst();
                assertThat(c.get("image")).isEqualTo("descent:local");
            }
        }
    }

    // ---------------------------------------------------------------- both

    @Test
    void everyEnvironmentVariableSetsASettingOfThePlatform() {
        Map<String, Object> variables = new LinkedHashMap<>();
        for (String name : List.of("platform", "worker", "gpu-worker"))
            variables.putAll(map(service(name), "environment"));
        for (Manifest m : deployments()) variables.putAll(env(m));
        variables.keySet().removeIf(k -> k.startsWith("SPRING_DATASOURCE_"));
        assertThat(variables).isNotEmpty();
        for (var v : variables.entrySet()) {
            assertThat(Settings.settingsOf(v.getKey(), v.getValue().toString()))
                    .as(v.getKey() + " binds to a setting (Spring's names: upper case, '_' for '.', no dashes)")
                    .isNotEmpty();
        }
        assertThat(Settings.settingsOf("DESCENT_WORKERS_GPU", "none"))
                .as("a misspelt name binds nothing")
                .isEmpty();
        assertThat(Settings.settingsOf("DESCENT_WORKER_SHUTDOWNTIMEOUT", "45s"))
                .containsExactly("descent.worker.shutdown-timeout");
        assertThat(Settings.settingsOf("SPRING_DATASOURCE_URL", "jdbc:postgresql://db/x"))
                .containsExactly("spring.datasource.url");
    }

    // ---------------------------------------------------------------- helpers

    /**
     * A stopping worker waits up to descent.worker.shutdown-timeout for its run's checkpoint, inside Spring's shutdown
     * phase (spring.lifecycle.timeout-per-shutdown-phase); the grace period must outlast both, with time to spare.
     */
    static void assertGraceOutlastsShutdown(String what, Duration grace, Map<String, String> env) {
        Settings settings = new Settings(env);
        Duration checkpoint = settings.worker().shutdownTimeout();
        Duration phase = settings.get("spring.lifecycle.timeout-per-shutdown-phase", Duration.class);
        Duration margin = Duration.ofSeconds(15);
        assertThat(grace)
                .as(what + ": grace " + grace + " vs checkpoint wait " + checkpoint + " and shutdown phase " + phase)
                .isGreaterThanOrEqualTo(checkpoint.plus(margin))
                .isGreaterThanOrEqualTo(phase.plus(margin));
    }

    static String role(List<Object> arguments) {
        String role = null;
        for (Object a : arguments) {
            Matcher m = ROLE.matcher(a.toString());
            if (m.matches()) role = m.group(1);
        }
        assertThat(role).as("--descent.role in " + arguments).isNotNull();
        return role;
    }

    static Map<String, Object> compose() {
        return DeployFiles.yaml(COMPOSE);
    }

    static Map<String, Object> service(String name) {
        return map(map(compose(), "services"), name);
    }

    static List<Manifest> deployments() {
        return DeployFiles.manifests().stream()
                .filter(m -> m.kind().equals("Deployment"))
                .toList();
    }

    static Manifest deployment(String component) {
        return deployments().stream()
                .filter(m -> component.equals(
                        at(m.doc(), "spec", "template", "metadata", "labels", "app.kubernetes.io/component")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment of component " + component));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> container(Manifest m) {
        List<Object> containers = (List<Object>) at(m.doc(), "spec", "template", "spec", "containers");
        assertThat(containers).as(m + ": containers").hasSize(1);
        return (Map<String, Object>) containers.getFirst();
    }

    /** A Deployment's plain environment variables (those with a value). */
    static Map<String, String> env(Manifest m) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object e : list(container(m), "env")) {
            Map<?, ?> var = (Map<?, ?>) e;
            if (var.get("value") != null)
                env.put((String) var.get("name"), var.get("value").toString());
        }
        return env;
    }

    static Map<String, String> stringEnv(Map<String, Object> env) {
        Map<String, String> out = new HashMap<>();
        env.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    static Map<String, String> envFile(Path file) throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            vars.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return vars;
    }

    /** Docker's duration format: 1m30s, 60s, 500ms. */
    static Duration dockerDuration(String text) {
        assertThat(text).as("a duration").isNotNull().matches("(\\d+(h|ms|m|s))+");
        Matcher m = Pattern.compile("(\\d+)(h|ms|m|s)").matcher(text);
        Duration d = Duration.ZERO;
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(
                    switch (m.group(2)) {
                        case "h" -> Duration.ofHours(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "s" -> Duration.ofSeconds(n);
                        default -> Duration.ofMillis(n);
                    });
        }
        return d;
    }
}
