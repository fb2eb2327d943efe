package dev.descent.data;

import static dev.descent.data.DatasetDownloaderTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.data.PublicDataset.PublicFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published files' digests, checked against real bytes. Debian's dataset-fashion-mnist repackaged Zalando's files
 * with the gzip header's file name and time removed; the compressed data is untouched. Putting the original header back
 * (the name, and the time found by searching for the README's MD5) rebuilds the files the canonical location serves.
 */
class PublicDatasetTest {
    /** The gzip header times of the original files (2017-08-31), found by matching the README's MD5s. */
    private static final Map<String, Integer> ORIGINAL_MTIMES = Map.of(
            "train-images-idx3-ubyte.gz", 1504176606,
            "train-labels-idx1-ubyte.gz", 1504176606,
            "t10k-images-idx3-ubyte.gz", 1504176627,
            "t10k-labels-idx1-ubyte.gz", 1504176627);

    @TempDir
    Path tmp;

    @Test
    void theFashionMnistDigestsAreThoseOfTheOriginalsThatDebianRepackaged() throws IOException {
        assumeDebianPackage();
        for (PublicFile f : PublicDataset.FASHION_MNIST.files()) {
            byte[] original = original(f.name());
            assertThat(original).as(f.name()).hasSize((int) f.size());
            assertThat(hex("MD5", original))
                    .as(f.name() + " MD5 (the README's)")
                    .isEqualTo(f.md5());
            assertThat(hex("SHA-256", original)).as(f.name() + " SHA-256").isEqualTo(f.sha256());
        }
    }

    @Test
    void fashionMnistDownloadsFromAMirrorAndLoadsWhenThePackageIsMissing() throws IOException {
        assumeDebianPackage();
        try (LoopbackServer server = new LoopbackServer()) {
            for (PublicFile f : PublicDataset.FASHION_MNIST.files())
                server.answer("/fashion-mnist/" + f.name(), original(f.name()));
            DatasetDownloader downloader = new DatasetDownloader(tmp.resolve("cache")).mirror(server.base("/"));
            PublicDataset notInstalled = PublicDataset.FASHION_MNIST.installedAt(tmp.resolve("none"));

            Path dir = downloader.locate(notInstalled);

            assertThat(dir).isEqualTo(tmp.resolve("cache/fashion-mnist"));
            DataSplits splits = ImageDatasets.loadIdxDirectory(dir, "fashion-mnist", null);
            assertThat(splits.train().size()).isEqualTo(60000);
            assertThat(splits.test().size()).isEqualTo(10000);
            assertThat(server.requests).hasSize(4);
        }
    }

    @Test
    void anInstalledFashionMnistIsUsedAsItIsAndNothingIsRequested() throws IOException {
        assumeDebianPackage();
        try (LoopbackServer server = new LoopbackServer()) {
            DatasetDownloader downloader = new DatasetDownloader(tmp.resolve("cache")).mirror(server.base("/"));
            assertThat(Datasets.resolve("fashion-mnist", downloader).train().size())
                    .isEqualTo(60000);
            assertThat(server.requests).isEmpty();
        }
    }

    @Test
    void mnistWithoutACopyOrANetworkSaysWhereToPutTheFiles() {
        Path cache = tmp.resolve("cache");
        assertThatThrownBy(() -> Datasets.resolve("mnist", new DatasetDownloader(cache).offline(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mnist is not installed here (not in /usr/share/datasets/mnist) and could not "
                        + "be downloaded: downloads are off")
                .hasMessageEndingWith("put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
                        + "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz in " + cache.resolve("mnist")
                        + ", or in any directory DIR and use idx:DIR");
    }

    @Test
    void thePublishedLocationsAreTheCanonicalOnes() {
        assertThat(PublicDataset.FASHION_MNIST.mirrors().getFirst())
                .isEqualTo(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"));
        assertThat(PublicDataset.MNIST.mirrors())
                .containsExactly(URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"));
        assertThat(PublicDataset.MNIST.totalBytes()).isEqualTo(9_912_422 + 28_881 + 1_648_877 + 4_542);
    }

    @Test
    void aPublishedFileNeedsWellFormedDigests() {
        assertThatThrownBy(() -> new PublicFile("a.gz", 1, "abc", "0".repeat(32)))
                .hasMessage("a.gz: a SHA-256 is 64 hex digits, got 'abc'");
        assertThatThrownBy(() -> new PublicFile("a.gz", 1, "0".repeat(64), "xyz"))
                .hasMessage("a.gz: an MD5 is 32 hex digits, got 'xyz'");
        assertThatThrownBy(
                        () -> new PublicDataset("d", null, null, List.of(URI.create("http://h/no-slash")), List.of()))
                .hasMessage("d: a mirror is a directory URL ending in '/', got http://h/no-slash");
    }

    /** The original file: Debian's compressed data under the header Zalando's gzip wrote (FNAME set, XFL 0, Unix). */
    private static byte[] original(String name) throws IOException {
        byte[] debian = Files.readAllBytes(ImageDatasets.FASHION_MNIST_DIR.resolve(name));
        assertThat(debian[3]).as("Debian's header has no flags (no file name)").isZero();
        assertThat(debian[8]).as("XFL").isZero();
        assertThat(debian[9]).as("OS: Unix").isEqualTo((byte) 3);
        int mtime = ORIGINAL_MTIMES.get(name);
        ByteArrayOutputStream out = new ByteArrayOutputStream(debian.length + 32);
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0x08});
        out.write(new byte[] {(byte) mtime, (byte) (mtime >> 8), (byte) (mtime >> 16), (byte) (mtime >> 24)});
        out.write(new byte[] {0, 3});
        out.write(name.substring(0, name.length() - ".gz".length()).getBytes(StandardCharsets.ISO_8859_1));
        out.write(0);
        out.write(debian, 10, debian.length - 10);
        return out.toByteArray();
    }

    private static void assumeDebianPackage() {
        assumeTrue(
                Files.isRegularFile(ImageDatasets.FASHION_MNIST_DIR.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST is not installed: apt-get install dataset-fashion-mnist");
    }
}
