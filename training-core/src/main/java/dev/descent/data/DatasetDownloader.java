package dev.descent.data;

import dev.descent.data.PublicDataset.PublicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds a {@link PublicDataset}'s files: where its package installed them, else in the download cache
 * ({@code $XDG_CACHE_HOME/descent/NAME}, by default {@code ~/.cache/descent/NAME}), downloading what the cache lacks. A
 * download is written to a temporary file beside its target and renamed into place only once its size, SHA-256 and MD5
 * are the published ones, so the cache never holds a partial or corrupt file, and processes downloading at once never
 * see each other's halves. Files already in the cache are used as they are (a user may have put them there).
 */
public final class DatasetDownloader {
    /** Downloads are off when this environment variable is set (to anything but 0 or false), as on air-gapped hosts. */
    public static final String OFFLINE_ENV = "DESCENT_OFFLINE";
    /** ... or when this system property is true; the build sets it for every test, so no test reaches the internet. */
    public static final String OFFLINE_PROPERTY = "descent.offline";
    /**
     * A base URL to download from instead of the published mirrors: {@code BASE/NAME/FILE}, e.g. an internal copy for
     * machines that cannot reach the internet. The digests are checked all the same.
     */
    public static final String MIRROR_ENV = "DESCENT_DATASETS_MIRROR";

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("descent-download-watchdog").factory());

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path cacheRoot;
    private final URI mirror;
    private final DownloadProgress progress;
    private final boolean offline;
    private final Duration stallTimeout;
    private HttpClient http;

    /**
     * Caches under {@code cacheRoot} (a subdirectory per dataset), downloads from the published mirrors, shows no
     * progress and gives a mirror up after 60 s without a byte.
     */
    public DatasetDownloader(Path cacheRoot) {
        this(cacheRoot, null, DownloadProgress.none(), false, Duration.ofSeconds(60));
    }

    private DatasetDownloader(
            Path cacheRoot, URI mirror, DownloadProgress progress, boolean offline, Duration stallTimeout) {
        if (stallTimeout.isNegative() || stallTimeout.isZero())
            throw new IllegalArgumentException("stall timeout must be > 0, got " + stallTimeout);
        if (mirror != null && (mirror.getScheme() == null || mirror.getHost() == null))
            throw new IllegalArgumentException("a datasets mirror is an http(s) URL, got '" + mirror + "'");
        this.cacheRoot = cacheRoot;
        this.mirror = mirror;
        this.progress = progress;
        this.offline = offline;
        this.stallTimeout = stallTimeout;
    }

    /** Caches under {@code root} instead. */
    public DatasetDownloader cacheRoot(Path root) {
        return new DatasetDownloader(root, mirror, progress, offline, stallTimeout);
    }

    /** Downloads from {@code BASE/NAME/FILE} instead of the published mirrors (null: the published ones). */
    public DatasetDownloader mirror(URI base) {
        URI dir = base == null || base.getPath().endsWith("/") ? base : URI.create(base + "/");
        return new DatasetDownloader(cacheRoot, dir, progress, offline, stallTimeout);
    }

    public DatasetDownloader progress(DownloadProgress p) {
        return new DatasetDownloader(cacheRoot, mirror, p, offline, stallTimeout);
    }

    /** When true nothing is downloaded, and a missing dataset says how to provide it. */
    public DatasetDownloader offline(boolean off) {
        return new DatasetDownloader(cacheRoot, mirror, progress, off, stallTimeout);
    }

    /** How long a mirror may take to answer, or go without sending a byte, before it is given up. */
    public DatasetDownloader stallTimeout(Duration timeout) {
        return new DatasetDownloader(cacheRoot, mirror, progress, offline, timeout);
    }

    /** Made on the first download: most resolves find their files and need no client and its threads. */
    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(stallTimeout)
                    .build();
        }
        return http;
    }

    /** The downloader of the CLI: the default cache, a progress bar on a terminal, offline as the environment says. */
    public static DatasetDownloader standard() {
        Map<String, String> env = System.getenv();
        String mirror = env.get(MIRROR_ENV);
        return new DatasetDownloader(defaultCacheRoot(env, System.getProperty("user.home")))
                .mirror(mirror == null || mirror.isBlank() ? null : URI.create(mirror.strip()))
                .progress(DownloadProgress.console())
                .offline(offlineBySetting(env, System.getProperty(OFFLINE_PROPERTY)));
    }

    /**
     * {@code $XDG_CACHE_HOME/descent} when that is an absolute path (the XDG base directory spec ignores a relative
     * one), else {@code $HOME/.cache/descent}.
     */
    public static Path defaultCacheRoot(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) return Path.of(xdg, "descent");
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : userHome, ".cache", "descent");
    }

    static boolean offlineBySetting(Map<String, String> env, String property) {
        String v = env.get(OFFLINE_ENV);
        boolean byEnv = v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false");
        return byEnv || Boolean.parseBoolean(property);
    }

    public Path cacheRoot() {
        return cacheRoot;
    }

    /** Where {@code dataset}'s files are cached. */
    public Path cacheDir(PublicDataset dataset) {
        return cacheRoot.resolve(dataset.name());
    }

    /**
     * A directory holding all of {@code dataset}'s files: the installed one when it is complete, else the cache, after
     * downloading what it lacks. Fails with one line saying what went wrong and how to provide the files.
     */
    public Path locate(PublicDataset dataset) {
        if (dataset.installedDir() != null && ImageDatasets.hasEveryFile(dataset.installedDir())) {
            return dataset.installedDir();
        }
        Path dir = cacheDir(dataset);
        List<PublicFile> missing = dataset.files().stream()
                .filter(f -> !Files.isRegularFile(dir.resolve(f.name())))
                .toList();
        if (missing.isEmpty()) return dir;
        if (offline) {
            throw unavailable(dataset, "downloads are off (" + OFFLINE_ENV + " or -D" + OFFLINE_PROPERTY + ")");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw unavailable(dataset, "cannot create the cache directory " + dir + " (" + e + ")");
        }
        for (PublicFile file : missing) {
            List<String> failures = new ArrayList<>();
            for (URI base : mirrors(dataset)) {
                URI uri = base.resolve(file.name());
                try {
                    download(dataset, file, uri, dir);
                    failures.clear();
                    break;
                } catch (IOException e) {
                    failures.add(uri + ": " + reason(e));
                }
            }
            if (!failures.isEmpty()) throw unavailable(dataset, String.join("; ", failures));
        }
        return dir;
    }

    private List<URI> mirrors(PublicDataset dataset) {
        return mirror == null ? dataset.mirrors() : List.of(mirror.resolve(dataset.name() + "/"));
    }

    private void download(PublicDataset dataset, PublicFile file, URI uri, Path dir) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(stallTimeout)
                .header("User-Agent", "descent")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) throw new IOException("HTTP " + response.statusCode());
            long announced =
                    response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (announced >= 0 && announced != file.size()) {
                throw new IOException(
                        "the server announces " + announced + " bytes, but the published file has " + file.size());
            }
            // Not Files.createTempFile: its owner-only permissions would stay on the cached file; this one gets the
            // umask's.
            Path part = dir.resolve("." + file.name() + "." + HexFormat.of().toHexDigits(RANDOM.nextLong()) + ".part");
            try {
                Digests got =
                        receive(in, part, file, progress.start(dataset.name() + "/" + file.name(), uri, file.size()));
                if (!got.sha256().equals(file.sha256()) || !got.md5().equals(file.md5())) {
                    throw new IOException(String.format(
                            Locale.ROOT,
                            "its SHA-256 is %s (MD5 %s), not the published %s (MD5 %s): refused, not cached",
                            got.sha256(),
                            got.md5(),
                            file.sha256(),
                            file.md5()));
                }
                try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                moveIntoPlace(part, dir.resolve(file.name()));
            } finally {
                Files.deleteIfExists(part);
            }
        }
    }

    private record Digests(String sha256, String md5) {}

    /**
     * Copies the body into {@code part}, hashing it on the way; fails when the body goes quiet, breaks off, or is
     * shorter or longer than the published file.
     */
    private Digests receive(InputStream in, Path part, PublicFile file, DownloadProgress.Transfer transfer)
            throws IOException {
        MessageDigest sha256 = digest("SHA-256"), md5 = digest("MD5");
        AtomicLong lastByte = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        // A connection that goes quiet would block read() for ever; closing the stream from here ends the read.
        long every = stallTimeout.toMillis() / 4 + 1;
        ScheduledFuture<?> watchdog = WATCHDOG.scheduleWithFixedDelay(
                () -> {
                    if (System.nanoTime() - lastByte.get() > stallTimeout.toNanos() && !stalled.getAndSet(true)) {
                        try {
                            in.close();
                        } catch (IOException ignored) {
                            // the reader sees the stream end and reports the stall
                        }
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
        long received = 0;
        try (transfer;
                OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE_NEW)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; received <= file.size() && (n = in.read(buffer)) > 0; ) {
                lastByte.set(System.nanoTime());
                received += n;
                out.write(buffer, 0, n);
                sha256.update(buffer, 0, n);
                md5.update(buffer, 0, n);
                transfer.advance(n);
            }
        } catch (IOException e) {
            if (!stalled.get()) {
                throw new IOException(
                        "the connection broke after " + received + " of " + file.size() + " bytes (" + reason(e) + ")",
                        e);
            }
        } finally {
            watchdog.cancel(false);
        }
        if (stalled.get()) {
            throw new IOException(
                    "no data for " + seconds(stallTimeout) + " after " + received + " of " + file.size() + " bytes");
        }
        if (received > file.size()) throw new IOException("it sends more than the published " + file.size() + " bytes");
        if (received < file.size()) {
            throw new IOException("the transfer ended after " + received + " of " + file.size() + " bytes (truncated)");
        }
        return new Digests(
                HexFormat.of().formatHex(sha256.digest()), HexFormat.of().formatHex(md5.digest()));
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private IllegalArgumentException unavailable(PublicDataset dataset, String why) {
        String installed = dataset.installedDir() == null ? "" : " (not in " + dataset.installedDir() + ")";
        String provide = dataset.installHint() == null ? "" : dataset.installHint() + ", or ";
        return new IllegalArgumentException(dataset.name() + " is not installed here" + installed
                + " and could not be downloaded: " + why + "; " + provide + "put "
                + String.join(", ", dataset.fileNames())
                + " in " + cacheDir(dataset));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.net.http.HttpTimeoutException) return "no answer (" + m + ")";
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        return e.getClass() == IOException.class ? m : e.getClass().getSimpleName() + ": " + m;
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }
}
