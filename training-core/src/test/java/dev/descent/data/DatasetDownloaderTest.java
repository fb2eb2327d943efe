package dev.descent.data;

import static dev.descent.testing.IdxFiles.gzip;
import static dev.descent.testing.IdxFiles.idx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.data.PublicDataset.PublicFile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a server on loopback that serves a tiny four-file dataset whole, corrupt, cut short or stalling. */
class DatasetDownloaderTest {
    @TempDir
    Path tmp;

    LoopbackServer server;
    Map<String, byte[]> files;
    PublicDataset tiny;
    DatasetDownloader downloader;
    Path cache;

    @BeforeEach
    void serveATinyDataset() throws IOException {
        server = new LoopbackServer();
        files = new LinkedHashMap<>();
        files.put("train-images-idx3-ubyte.gz", gzip(idx(new int[] {3, 2, 2}, bytes(12, 7))));
        files.put("train-labels-idx1-ubyte.gz", gzip(idx(new int[] {3}, new byte[] {1, 2, 3})));
        files.put("t10k-images-idx3-ubyte.gz", gzip(idx(new int[] {2, 2, 2}, bytes(8, 9))));
        files.put("t10k-labels-idx1-ubyte.gz", gzip(idx(new int[] {2}, new byte[] {4, 5})));
        List<PublicFile> published = new ArrayList<>();
        files.forEach((name, body) -> {
            server.answer("/tiny/" + name, body);
            published.add(new PublicFile(name, body.length, hex("SHA-256", body), hex("MD5", body)));
        });
        tiny = new PublicDataset(
                "tiny",
                tmp.resolve("not-installed"),
                "install it with: apt-get install tiny",
                List.of(server.base("/tiny/")),
                published);
        cache = tmp.resolve("cache");
        downloader = new DatasetDownloader(cache).stallTimeout(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aMissingDatasetIsDownloadedIntoTheCacheOnceAndThenReadFromIt() throws IOException {
        Path dir = downloader.locate(tiny);

        assertThat(dir).isEqualTo(cache.resolve("tiny"));
        for (var f : files.entrySet()) assertThat(dir.resolve(f.getKey())).hasBinaryContent(f.getValue());
        assertThat(server.requests).hasSize(4);
        DataSplits splits = ImageDatasets.loadIdxDirectory(dir, "tiny", null);
        assertThat(splits.train().size()).isEqualTo(3);
        assertThat(((TensorDataset) splits.test()).targets().toLongArray()).containsExactly(4, 5);

        assertThat(downloader.locate(tiny)).isEqualTo(dir);
        assertThat(server.requests).as("the second call downloads nothing").hasSize(4);
    }

    @Test
    void onlyTheFilesTheCacheLacksAreDownloaded() throws IOException {
        Path dir = Files.createDirectories(cache.resolve("tiny"));
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), files.get("train-images-idx3-ubyte.gz"));

        downloader.locate(tiny);

        assertThat(server.requests)
                .containsExactly(
                        "/tiny/train-labels-idx1-ubyte.gz",
                        "/tiny/t10k-images-idx3-ubyte.gz",
                        "/tiny/t10k-labels-idx1-ubyte.gz");
    }

    @Test
    void anInstalledCopyIsUsedWithoutAnyRequest() throws IOException {
        Path installed = Files.createDirectories(tmp.resolve("installed"));
        for (var f : files.entrySet()) Files.write(installed.resolve(f.getKey()), f.getValue());

        assertThat(downloader.locate(tiny.installedAt(installed))).isEqualTo(installed);
        assertThat(server.requests).isEmpty();
        assertThat(cache).doesNotExist();
    }

    @Test
    void aCorruptFileIsRefusedAndNotCachedNamingBothDigests() {
        byte[] corrupt = files.get("t10k-images-idx3-ubyte.gz").clone();
        corrupt[corrupt.length / 2] ^= 0x5A;
        server.answer("/tiny/t10k-images-idx3-ubyte.gz", corrupt);

        assertThatThrownBy(() -> downloader.locate(tiny))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tiny is not installed here (not in " + tmp.resolve("not-installed")
                        + ") and could not be downloaded: " + server.base("/tiny/t10k-images-idx3-ubyte.gz")
                        + ": its SHA-256 is " + hex("SHA-256", corrupt))
                .hasMessageContaining("not the published " + hex("SHA-256", files.get("t10k-images-idx3-ubyte.gz")))
                .hasMessageContaining("refused, not cached")
                .hasMessageEndingWith("; install it with: apt-get install tiny, or put train-images-idx3-ubyte.gz, "
                        + "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz in "
                        + cache.resolve("tiny"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(cache.resolve("tiny/t10k-images-idx3-ubyte.gz")).doesNotExist();
        assertThat(leftovers()).as("no partial file is left behind").isEmpty();
    }

    @Test
    void aConnectionCutShortOfTheAnnouncedLengthIsRefused() {
        byte[] images = files.get("train-images-idx3-ubyte.gz");
        server.answer("/tiny/train-images-idx3-ubyte.gz", new LoopbackServer.CutShort(images, images.length / 2));

        assertThatThrownBy(() -> downloader.locate(tiny))
                .hasMessageContaining(server.base("/tiny/train-images-idx3-ubyte.gz") + ": the connection broke after ")
                .hasMessageContaining(" of " + images.length + " bytes (")
                .hasMessageContaining("put train-images-idx3-ubyte.gz");
        assertThat(cache.resolve("tiny/train-images-idx3-ubyte.gz")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aResponseThatEndsEarlyWithoutALengthIsRefusedAsTruncated() {
        byte[] labels = files.get("train-labels-idx1-ubyte.gz");
        server.answer("/tiny/train-labels-idx1-ubyte.gz", new LoopbackServer.EndsEarly(labels, labels.length - 3));

        assertThatThrownBy(() -> downloader.locate(tiny))
                .hasMessageContaining(server.base("/tiny/train-labels-idx1-ubyte.gz") + ": the transfer ended after "
                        + (labels.length - 3) + " of " + labels.length + " bytes (truncated)");
        assertThat(cache.resolve("tiny/train-labels-idx1-ubyte.gz")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aBodyLongerThanThePublishedFileIsRefused() {
        byte[] labels = files.get("t10k-labels-idx1-ubyte.gz");
        byte[] longer = Arrays.copyOf(labels, labels.length + 100);
        server.answer("/tiny/t10k-labels-idx1-ubyte.gz", new LoopbackServer.EndsEarly(longer, longer.length));

        assertThatThrownBy(() -> downloader.locate(tiny))
                .hasMessageContaining(server.base("/tiny/t10k-labels-idx1-ubyte.gz")
                        + ": it sends more than the published " + labels.length + " bytes");
        assertThat(cache.resolve("tiny/t10k-labels-idx1-ubyte.gz")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aServerAnnouncingAnotherSizeIsRefusedBeforeAnyByteIsWritten() {
        server.answer("/tiny/t10k-labels-idx1-ubyte.gz", new byte[] {1, 2, 3});

        assertThatThrownBy(() -> downloader.locate(tiny))
                .hasMessageContaining(server.base("/tiny/t10k-labels-idx1-ubyte.gz")
                        + ": the server announces 3 bytes, but the published file has "
                        + files.get("t10k-labels-idx1-ubyte.gz").length);
    }

    @Test
    void aMirrorThatGoesQuietIsGivenUpAfterTheStallTimeout() {
        byte[] images = files.get("train-images-idx3-ubyte.gz");
        server.answer("/tiny/train-images-idx3-ubyte.gz", new LoopbackServer.Stalls(images, 10, 10_000));
        long start = System.nanoTime();

        assertThatThrownBy(() -> downloader.stallTimeout(Duration.ofMillis(400)).locate(tiny))
                .hasMessageContaining(server.base("/tiny/train-images-idx3-ubyte.gz")
                        + ": no data for 400 ms after 10 of " + images.length);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void theNextMirrorIsTriedWhenOneFails() throws IOException {
        PublicDataset twoMirrors = tiny.from(List.of(server.base("/gone/"), server.base("/tiny/")));

        Path dir = downloader.locate(twoMirrors);

        assertThat(dir.resolve("t10k-labels-idx1-ubyte.gz")).hasBinaryContent(files.get("t10k-labels-idx1-ubyte.gz"));
        assertThat(server.requests).contains("/gone/train-images-idx3-ubyte.gz", "/tiny/train-images-idx3-ubyte.gz");
    }

    @Test
    void everyMirrorFailingIsReportedInOneLine() {
        PublicDataset nowhere = tiny.from(List.of(server.base("/gone/"), server.base("/also-gone/")));

        assertThatThrownBy(() -> downloader.locate(nowhere))
                .hasMessageContaining(server.base("/gone/train-images-idx3-ubyte.gz") + ": HTTP 404; "
                        + server.base("/also-gone/train-images-idx3-ubyte.gz") + ": HTTP 404; install it with")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aConfiguredMirrorReplacesThePublishedOnesUnderTheDatasetsName() throws IOException {
        PublicDataset unreachable = tiny.from(List.of(URI.create("http://127.0.0.1:9/")));

        downloader.mirror(server.base("")).locate(unreachable);

        assertThat(server.requests).hasSize(4).allMatch(p -> p.startsWith("/tiny/"));
    }

    @Test
    void offlineNothingIsRequestedAndTheLineSaysWhatToInstallOrWhereToPutTheFiles() {
        assertThatThrownBy(() -> downloader.offline(true).locate(tiny))
                .hasMessage("tiny is not installed here (not in " + tmp.resolve("not-installed")
                        + ") and could not be downloaded: downloads are off (DESCENT_OFFLINE or -Ddescent.offline); "
                        + "install it with: apt-get install tiny, or put train-images-idx3-ubyte.gz, "
                        + "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz in "
                        + cache.resolve("tiny"));
        assertThat(server.requests).isEmpty();
    }

    @Test
    void anUnreachableHostIsOneLineNamingTheURL() {
        PublicDataset refused = tiny.from(List.of(URI.create("http://127.0.0.1:9/")));
        assertThatThrownBy(() -> downloader.locate(refused))
                .hasMessageContaining("http://127.0.0.1:9/train-images-idx3-ubyte.gz: ConnectException")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void theProgressSeesEveryByteOfEveryFile() {
        List<String> started = new CopyOnWriteArrayList<>();
        long[] advanced = {0};
        int[] closed = {0};
        downloader
                .progress((file, from, bytes) -> {
                    started.add(file + " " + bytes + " " + from.getPath());
                    return new DownloadProgress.Transfer() {
                        @Override
                        public void advance(long n) {
                            advanced[0] += n;
                        }

                        @Override
                        public void close() {
                            closed[0]++;
                        }
                    };
                })
                .locate(tiny);

        assertThat(started)
                .containsExactly(files.entrySet().stream()
                        .map(f -> "tiny/" + f.getKey() + " " + f.getValue().length + " /tiny/" + f.getKey())
                        .toArray(String[]::new));
        assertThat(advanced[0]).isEqualTo(tiny.totalBytes());
        assertThat(closed[0]).isEqualTo(4);
    }

    @Test
    void theCacheFollowsXdgCacheHomeWhenItIsAbsolute() {
        assertThat(DatasetDownloader.defaultCacheRoot(
                        Map.of("XDG_CACHE_HOME", "/var/cache/me", "HOME", "/home/u"), "/x"))
                .isEqualTo(Path.of("/var/cache/me/descent"));
        assertThat(DatasetDownloader.defaultCacheRoot(Map.of("XDG_CACHE_HOME", "relative", "HOME", "/home/u"), "/x"))
                .isEqualTo(Path.of("/home/u/.cache/descent"));
        assertThat(DatasetDownloader.defaultCacheRoot(Map.of(), "/home/java"))
                .isEqualTo(Path.of("/home/java/.cache/descent"));
    }

    @Test
    void offlineIsSetByTheEnvironmentOrTheSystemProperty() {
        assertThat(DatasetDownloader.offlineBySetting(Map.of("DESCENT_OFFLINE", "1"), null))
                .isTrue();
        assertThat(DatasetDownloader.offlineBySetting(Map.of("DESCENT_OFFLINE", "0"), null))
                .isFalse();
        assertThat(DatasetDownloader.offlineBySetting(Map.of("DESCENT_OFFLINE", "false"), null))
                .isFalse();
        assertThat(DatasetDownloader.offlineBySetting(Map.of(), "true")).isTrue();
        assertThat(DatasetDownloader.offlineBySetting(Map.of(), null)).isFalse();
    }

    @Test
    void theBuildRunsEveryTestOffline() {
        assertThat(System.getProperty(DatasetDownloader.OFFLINE_PROPERTY)).isEqualTo("true");
    }

    private List<Path> leftovers() {
        Path dir = cache.resolve("tiny");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String hex(String algorithm, byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + seed);
        return Arrays.copyOf(b, n);
    }
}
