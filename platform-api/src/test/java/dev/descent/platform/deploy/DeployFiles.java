package dev.descent.platform.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The repository's deployment files, read as data: docker-compose.yml, the Dockerfile, deploy/k8s/**. */
final class DeployFiles {
    static final Path ROOT = findRoot();
    static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    static final Path DOCKERFILE = ROOT.resolve("Dockerfile");
    static final Path K8S = ROOT.resolve("deploy/k8s");
    static final Path HEALTHCHECK = ROOT.resolve("deploy/docker/healthcheck");

    /** The Secret every pod reads the database from, and its keys, as deploy/k8s/README.md creates it. */
    static final String DATABASE_SECRET = "descent-database";

    static final List<String> DATABASE_KEYS = List.of("url", "username", "password");

    private DeployFiles() {}

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docker-compose.yml"))) dir = dir.getParent();
        return Objects.requireNonNull(
                dir, "no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }

    /** Every document of a YAML file (merge keys and anchors resolved), as maps and lists. */
    static List<Map<String, Object>> yamlDocuments(Path file) {
        try {
            return yamlDocuments(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(String text) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
            if (doc != null) docs.add((Map<String, Object>) doc);
        }
        return docs;
    }

    static Map<String, Object> yaml(Path file) {
        List<Map<String, Object>> docs = yamlDocuments(file);
        if (docs.size() != 1) throw new AssertionError(file + " holds " + docs.size() + " documents, expected 1");
        return docs.getFirst();
    }

    /** The Kubernetes manifests under deploy/k8s (kustomizations apart), each document with the file it came from. */
    static List<Manifest> manifests() {
        List<Manifest> all = new ArrayList<>();
        for (Path file : k8sFiles()) {
            if (file.getFileName().toString().equals("kustomization.yaml")) continue;
            for (Map<String, Object> doc : yamlDocuments(file)) all.add(new Manifest(file, doc));
        }
        return all;
    }

    static List<Path> kustomizations() {
        return k8sFiles().stream()
                .filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
                .toList();
    }

    private static List<Path> k8sFiles() {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(
                            f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Manifest(Path file, Map<String, Object> doc) {
        String kind() {
            return (String) doc.get("kind");
        }

        String name() {
            return (String) map(doc, "metadata").get("name");
        }

        @Override
        public String toString() {
            return ROOT.relativize(file) + ": " + kind() + " " + name();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Map)) throw new AssertionError("'" + key + "' is not a mapping in " + m.keySet());
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof List)) throw new AssertionError("'" + key + "' is not a list in " + m.keySet());
        return (List<Object>) v;
    }

    @SuppressWarnings("unchecked")
    static Object at(Map<String, Object> m, String... path) {
        Object v = m;
        for (String key : path) {
            if (!(v instanceof Map)) return null;
            v = ((Map<String, Object>) v).get(key);
        }
        return v;
    }

    /** The output of a command run in the repository root, or null when the program is not installed. */
    record Run(int exit, String output) {}

    static Run run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        String program = command[0];
        boolean installed = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
        if (!installed) return null;
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("POSTGRES_") || k.startsWith("DESCENT_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within 60 s:\n" + out);
        }
        return new Run(p.exitValue(), out);
    }
}
