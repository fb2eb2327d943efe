package dev.descent.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A dataset published as files on the web: where a system package installs it, where it is downloaded from, and each
 * file's size and digests, so that a download is kept only when it is, byte for byte, the file its authors published.
 *
 * @param name the source name ({@code fashion-mnist}) and the name of its directory in the download cache
 * @param installedDir where a system package puts the files; used as it is when every file is there
 * @param installHint how to install that package, or null where there is none
 * @param mirrors base URLs tried in order; a file's URL is its name resolved against one
 * @param files the files, each with the size and digests it must have
 */
public record PublicDataset(
        String name, Path installedDir, String installHint, List<URI> mirrors, List<PublicFile> files) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    /**
     * One published file. The MD5 is the one its publishers give (the Fashion-MNIST README, torchvision for MNIST); the
     * SHA-256 ties the same bytes to a digest that is still collision-resistant. A download must match both.
     */
    public record PublicFile(String name, long size, String sha256, String md5) {
        public PublicFile {
            if (name.contains("/")) throw new IllegalArgumentException("a file name has no '/': " + name);
            if (size <= 0) throw new IllegalArgumentException(name + ": size must be > 0, got " + size);
            sha256 = sha256.toLowerCase(Locale.ROOT);
            md5 = md5.toLowerCase(Locale.ROOT);
            if (sha256.length() != 64 || !HEX.matcher(sha256).matches())
                throw new IllegalArgumentException(name + ": a SHA-256 is 64 hex digits, got '" + sha256 + "'");
            if (md5.length() != 32 || !HEX.matcher(md5).matches())
                throw new IllegalArgumentException(name + ": an MD5 is 32 hex digits, got '" + md5 + "'");
        }
    }

    public PublicDataset {
        mirrors = List.copyOf(mirrors);
        files = List.copyOf(files);
        if (mirrors.isEmpty()) throw new IllegalArgumentException(name + ": no mirror to download from");
        for (URI m : mirrors) {
            if (!m.getPath().endsWith("/"))
                throw new IllegalArgumentException(name + ": a mirror is a directory URL ending in '/', got " + m);
        }
    }

    /**
     * Zalando's Fashion-MNIST where its README links it (the S3 website serves plain HTTP only, so the digests are what
     * makes the download trustworthy), then the same files in its GitHub repository. The MD5s are the README's.
     * Debian's {@code dataset-fashion-mnist} holds the same compressed data under gzip headers stripped of the file
     * name and time (its files are 23-24 bytes shorter); putting the original header back reproduces the README's MD5s
     * and these SHA-256s, which {@code PublicDatasetTest} checks wherever the package is installed.
     */
    public static final PublicDataset FASHION_MNIST = new PublicDataset(
            "fashion-mnist",
            ImageDatasets.FASHION_MNIST_DIR,
            ImageDatasets.FASHION_MNIST_INSTALL,
            List.of(
                    URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
                    URI.create("https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/")),
            List.of(
                    new PublicFile(
                            "train-images-idx3-ubyte.gz",
                            26_421_880,
                            "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                            "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
                    new PublicFile(
                            "train-labels-idx1-ubyte.gz",
                            29_515,
                            "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
                            "25c81989df183df01b3e8a0aad5dffbe"),
                    new PublicFile(
                            "t10k-images-idx3-ubyte.gz",
                            4_422_102,
                            "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
                            "bef4ecab320f06d8554ea6380940ec79"),
                    new PublicFile(
                            "t10k-labels-idx1-ubyte.gz",
                            5_148,
                            "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
                            "bb300cfdad3c16e7a12a480ee83cd310")));

    /**
     * LeCun, Cortes and Burges's MNIST from the mirror torchvision downloads it from (the original site no longer
     * serves it reliably). The sizes are those the MNIST page lists and the MD5s torchvision's own for this mirror; the
     * SHA-256s are the ones independent projects publish for the same four files (several fetch them from Google's cvdf
     * mirror). A download must match the MD5 as well, so a wrong SHA-256 here could only refuse a good file, never
     * admit a bad one. No package installs MNIST: {@code /usr/share/datasets/mnist} is where one would put it by hand.
     */
    public static final PublicDataset MNIST = new PublicDataset(
            "mnist",
            Datasets.MNIST_DIR,
            null,
            List.of(URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/")),
            List.of(
                    new PublicFile(
                            "train-images-idx3-ubyte.gz",
                            9_912_422,
                            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                            "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
                    new PublicFile(
                            "train-labels-idx1-ubyte.gz",
                            28_881,
                            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
                            "d53e105ee54ea40749a09fcbcd1e9432"),
                    new PublicFile(
                            "t10k-images-idx3-ubyte.gz",
                            1_648_877,
                            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                            "9fb629c4189551a2d022fa330f9573f3"),
                    new PublicFile(
                            "t10k-labels-idx1-ubyte.gz",
                            4_542,
                            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
                            "ec29112dd5afa0611ce80d1b7f02629c")));

    /** The same dataset, installed somewhere else (a setting, or a test's directory). */
    public PublicDataset installedAt(Path dir) {
        return new PublicDataset(name, dir, installHint, mirrors, files);
    }

    /** The same dataset from other mirrors (a local copy, or a test's server). */
    public PublicDataset from(List<URI> otherMirrors) {
        return new PublicDataset(name, installedDir, installHint, otherMirrors, files);
    }

    public List<String> fileNames() {
        return files.stream().map(PublicFile::name).toList();
    }

    public long totalBytes() {
        return files.stream().mapToLong(PublicFile::size).sum();
    }
}
