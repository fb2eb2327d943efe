package dev.descent.data;

import dev.descent.backend.DType;
import dev.descent.data.Idx.IdxArray;
import dev.descent.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Image classification sets from IDX files: MNIST, Fashion-MNIST and anything else in their format. */
public final class ImageDatasets {
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final String FASHION_MNIST_INSTALL = "install it with: apt-get install dataset-fashion-mnist";

    private static final String[] STEMS = {
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
    };

    private ImageDatasets() {}

    /**
     * Images [n, h, w] (or [n, c, h, w]) and labels [n] as a dataset of float32 images [n, c, h, w] scaled to [0, 1]
     * and int64 class indices [n]. The images are held as their uint8 bytes and scaled as batches read them.
     */
    public static TensorDataset fromIdx(IdxArray images, IdxArray labels, String name) {
        int[] is = images.shape(), ls = labels.shape();
        if (is.length != 3 && is.length != 4) {
            throw new DataFormatException(
                    name,
                    "images must have shape [n, height, width] or [n, channels, height, width], got "
                            + Arrays.toString(is));
        }
        if (ls.length != 1 && !(ls.length == 2 && ls[1] == 1)) {
            throw new DataFormatException(name, "labels must have shape [n], got " + Arrays.toString(ls));
        }
        if (is[0] != ls[0]) {
            throw new DataFormatException(
                    name, is[0] + " images but " + ls[0] + " labels: the image and label files do not belong together");
        }
        int n = is[0];
        int[] shape = is.length == 4 ? is : new int[] {n, 1, is[1], is[2]};

        // The pixels stay bytes; a batch reads them as float32 v / 255 (TensorDataset.scaled).
        Tensor pixels = Tensor.fromBytes(images.data(), DType.UINT8, shape);

        // Labels are unsigned bytes, so 0..255 by construction; whether they fit the model's classes is the trainer's
        // check.
        byte[] rawLabels = labels.data();
        long[] classes = new long[n];
        for (int i = 0; i < n; i++) classes[i] = rawLabels[i] & 0xFF;

        return TensorDataset.scaled(pixels, 255, Tensor.fromArray(classes, n));
    }

    /** The four standard MNIST-layout files in {@code dir}, gzip-compressed or not. */
    public static DataSplits loadIdxDirectory(Path dir) {
        String hint = dir.toAbsolutePath().normalize().equals(FASHION_MNIST_DIR) ? FASHION_MNIST_INSTALL : null;
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return loadIdxDirectory(dir, name == null ? dir.toString() : name.toString(), hint);
    }

    /**
     * As {@link #loadIdxDirectory(Path)}, naming the splits {@code name}; {@code installHint} (may be null) is added to
     * the error when files are missing.
     */
    public static DataSplits loadIdxDirectory(Path dir, String name, String installHint) {
        Path[] files = new Path[STEMS.length];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < STEMS.length; i++) {
            files[i] = find(dir, STEMS[i]);
            if (files[i] == null) missing.add(STEMS[i]);
        }
        if (!missing.isEmpty()) {
            StringBuilder msg = new StringBuilder();
            msg.append(
                    Files.isDirectory(dir)
                            ? "the IDX directory " + dir + " lacks " + String.join(", ", missing)
                            : "the IDX directory " + dir + " does not exist");
            msg.append("; looked for each of ")
                    .append(String.join(", ", STEMS))
                    .append(" as NAME.gz, NAME or the MNIST site's NAME with '.' before idx");
            if (installHint != null) msg.append("; ").append(installHint);
            throw new IllegalArgumentException(msg.toString());
        }
        TensorDataset train =
                fromIdx(Idx.read(files[0]), Idx.read(files[1]), files[0] + " + " + files[1].getFileName());
        TensorDataset test = fromIdx(Idx.read(files[2]), Idx.read(files[3]), files[2] + " + " + files[3].getFileName());
        return new DataSplits(name, train, test);
    }

    /**
     * Whether {@code dir} holds all four MNIST-layout files, under any of the names {@link #loadIdxDirectory} takes.
     */
    static boolean hasEveryFile(Path dir) {
        for (String stem : STEMS) if (find(dir, stem) == null) return false;
        return true;
    }

    private static Path find(Path dir, String stem) {
        String dotted = stem.replace("-idx", ".idx");
        for (String candidate : new String[] {stem + ".gz", stem, dotted + ".gz", dotted}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }
}
