package dev.descent.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The {@code fashion-mnist} source on a machine without the Debian package: the platform finds the files through
 * training-core's downloader, in its cache or from a mirror (here a server on loopback), and refuses what does not
 * match the published digests.
 */
class FashionMnistDownloadTest extends PlatformTest {
    static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");
    static final List<String> FILES = List.of(
            "train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz");
    static final Path TMP;
    static final HttpServer MIRROR;
    static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
    /** The published size of train-images-idx3-ubyte.gz. */
    static final int TRAIN_IMAGES_SIZE = 26_421_880;

    static volatile boolean serveZeros;

    static {
        try {
            TMP = Files.createTempDirectory("descent-fashion-mnist-download");
            MIRROR = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MIRROR.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            REQUESTS.add(path);

            try (exchange) {
                if (serveZeros && path.equals("/fashion-mnist/train-images-idx3-ubyte.gz")) {
                    exchange.sendResponseHeaders(200, TRAIN_IMAGES_SIZE);
                    exchange.getResponseBody().write(new byte[TRAIN_IMAGES_SIZE]);
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            }
        });
        MIRROR.start();
    }

    @DynamicPropertySource
    static void datasets(DynamicPropertyRegistry registry) {
        registry.add("descent.datasets.fashion-mnist-dir", () -> TMP.resolve("not-installed"));
        registry.add("descent.datasets.cache-dir", () -> TMP.resolve("cache"));
        registry.add(
                "descent.datasets.mirror",
                () -> "http://127.0.0.1:" + MIRROR.getAddress().getPort() + "/");
        registry.add("descent.datasets.offline", () -> "false");
    }

    @AfterAll
    static void stopMirror() throws IOException {
        MIRROR.stop(0);
        try (Stream<Path> all = Files.walk(TMP)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    Http http;

    @BeforeEach
    void emptyCache() throws IOException {
        http = http();
        REQUESTS.clear();
        serveZeros = false;
        Path cache = TMP.resolve("cache");
        if (Files.exists(cache)) {
            try (Stream<Path> all = Files.walk(cache)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    @Test
    void withNeitherThePackageNorAMirrorItIsA400SayingWhatToInstallOrWhereToPutTheFiles() {
        Http.Response r = http.post("/api/datasets", Map.of("source", "fashion-mnist"));

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("field").asString()).isEqualTo("source");
        assertThat(r.json().get("detail").asString())
                .startsWith("source: fashion-mnist is not installed here (not in " + TMP.resolve("not-installed") + ")")
                .contains("/fashion-mnist/train-images-idx3-ubyte.gz: HTTP 404")
                .contains("install it with: apt-get install dataset-fashion-mnist")
                .contains("in " + TMP.resolve("cache/fashion-mnist"))
                .endsWith("or set descent.datasets.fashion-mnist-dir to a directory holding them")
                .doesNotContain("\n");
        assertThat(REQUESTS).containsExactly("/fashion-mnist/train-images-idx3-ubyte.gz");
    }

    @Test
    void aFileOfThePublishedSizeButOtherBytesIsRefusedAndNotCached() {
        serveZeros = true;

        Http.Response r = http.post("/api/datasets", Map.of("source", "fashion-mnist"));

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("detail").asString())
                .contains("train-images-idx3-ubyte.gz: its SHA-256 is ")
                .contains("not the published 3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84")
                .contains("refused, not cached");
        assertThat(TMP.resolve("cache/fashion-mnist/train-images-idx3-ubyte.gz"))
                .doesNotExist();
    }

    @Test
    void filesAlreadyInTheCacheAreUsedWithoutARequest() throws IOException {
        assumeTrue(Files.isDirectory(DEBIAN), "Fashion-MNIST is installed (its files are copied to the cache)");
        Path cached = Files.createDirectories(TMP.resolve("cache/fashion-mnist"));
        for (String f : FILES) Files.copy(DEBIAN.resolve(f), cached.resolve(f));

        Http.Response r = http.post("/api/datasets", Map.of("source", "fashion-mnist"));

        assertThat(r.status()).as(r.toString()).isIn(200, 201);
        JsonNode d = r.json();
        assertThat(d.get("trainSize").asInt()).isEqualTo(60_000);
        assertThat(d.get("testSize").asInt()).isEqualTo(10_000);
        assertThat(REQUESTS).isEmpty();
    }
}
