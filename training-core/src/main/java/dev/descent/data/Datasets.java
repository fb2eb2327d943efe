package dev.descent.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Names a dataset the way the CLI and train configs do, and splits off validation sets. */
public final class Datasets {
    public static final Path MNIST_DIR = Path.of("/usr/share/datasets/mnist");
    public static final List<String> SYNTHETIC = List.of("spirals", "moons", "blobs", "xor", "parabola", "sine");
    public static final String FORMS =
            "fashion-mnist, mnist, idx:DIR, csv:FILE, csv:TRAIN,TEST, synthetic:NAME (NAME one of "
                    + String.join(", ", SYNTHETIC) + ")";

    /** Synthetic sources hold this many examples: SYNTHETIC_TRAIN for training, the rest for testing. */
    public static final int SYNTHETIC_SIZE = 1200;

    public static final int SYNTHETIC_TRAIN = 1000;
    public static final long SYNTHETIC_SEED = 0;

    private Datasets() {}

    /** A training set and its held-out validation set; {@code validation} is null when the fraction leaves it empty. */
    public record Split(Dataset train, Dataset validation) {}

    /**
     * The data a source string names:
     *
     * <ul>
     *   <li>{@code fashion-mnist}: the Debian package dataset-fashion-mnist's files
     *       (/usr/share/datasets/fashion-mnist), else downloaded once into the cache ({@link DatasetDownloader});
     *   <li>{@code mnist}: MNIST IDX files in /usr/share/datasets/mnist, when someone has put them there, else
     *       downloaded once into the cache;
     *   <li>{@code idx:DIR}: the four MNIST-layout IDX files in DIR;
     *   <li>{@code csv:FILE} (no test split) or {@code csv:TRAIN,TEST}: label-first CSV files, features [n, columns -
     *       1];
     *   <li>{@code synthetic:NAME}: a generated set of {@value #SYNTHETIC_SIZE} examples split
     *       {@value #SYNTHETIC_TRAIN}/rest at random, the same on every call.
     * </ul>
     */
    public static DataSplits resolve(String source) {
        return resolve(source, DatasetDownloader.standard());
    }

    /** As {@link #resolve(String)}, finding or downloading public datasets with {@code downloader}. */
    public static DataSplits resolve(String source, DatasetDownloader downloader) {
        if (source == null || source.isBlank())
            throw new IllegalArgumentException("no dataset given; expected one of " + FORMS);
        String s = source.strip();
        int colon = s.indexOf(':');
        String kind = (colon < 0 ? s : s.substring(0, colon)).toLowerCase(Locale.ROOT);
        String arg = colon < 0 ? null : s.substring(colon + 1).strip();
        return switch (kind) {
            case "fashion-mnist" -> noArgument(kind, arg, () -> load(PublicDataset.FASHION_MNIST, downloader));
            case "mnist" -> noArgument(kind, arg, () -> load(PublicDataset.MNIST, downloader));
            case "idx" -> ImageDatasets.loadIdxDirectory(Path.of(argument(kind, arg, "idx:DIR")));
            case "csv" -> csv(argument(kind, arg, "csv:FILE or csv:TRAIN,TEST"));
            case "synthetic" -> synthetic(argument(kind, arg, "synthetic:NAME"));
            default -> throw new IllegalArgumentException("unknown dataset '" + source + "'; expected one of " + FORMS);
        };
    }

    /** A generated set by name (see {@link #SYNTHETIC}) with its default size, noise and seed, split train/test. */
    public static DataSplits synthetic(String name) {
        int n = SYNTHETIC_SIZE;
        long seed = SYNTHETIC_SEED;
        TensorDataset all = switch (name.toLowerCase(Locale.ROOT)) {
            case "spirals" -> Synthetic.spirals(n, 3, 0.2, seed);
            case "moons" -> Synthetic.moons(n, 0.1, seed);
            case "blobs" -> Synthetic.blobs(n, 3, 1.0, seed);
            case "xor" -> Synthetic.xor(n, 0.05, seed);
            case "parabola" -> Synthetic.parabola(n, 0.02, seed);
            case "sine" -> Synthetic.sine(n, 0.1, seed);
            default ->
                throw new IllegalArgumentException(
                        "unknown synthetic dataset '" + name + "'; expected one of " + String.join(", ", SYNTHETIC));
        };
        Split split = split(all, (double) (SYNTHETIC_SIZE - SYNTHETIC_TRAIN) / SYNTHETIC_SIZE, seed);
        return new DataSplits("synthetic:" + name.toLowerCase(Locale.ROOT), split.train(), split.validation());
    }

    /**
     * Holds out {@code round(validationFraction * n)} examples, drawn at random by {@code seed}. A
     * {@link TensorDataset} splits into two TensorDatasets (copies, so each can move to a device on its own); any other
     * dataset into two {@link Subset} views. Both parts keep the parent's order. A fraction that would hold out every
     * example is an error: nothing would be left to train on.
     */
    public static Split split(Dataset dataset, double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        int n = dataset.size();
        int held = (int) Math.round(validationFraction * n);
        if (held == 0) return new Split(dataset, null);
        if (held == n) {
            throw new IllegalArgumentException(
                    "validation split " + validationFraction + " of " + n + " examples holds out all " + n + " (round("
                            + validationFraction + " * " + n + ")), leaving none to train on");
        }
        int[] shuffled = DataLoader.permutation(n, seed);
        boolean[] isHeld = new boolean[n];
        for (int i = 0; i < held; i++) isHeld[shuffled[i]] = true;
        int[] train = new int[n - held], validation = new int[held];
        for (int i = 0, t = 0, v = 0; i < n; i++) {
            if (isHeld[i]) validation[v++] = i;
            else train[t++] = i;
        }
        if (dataset instanceof TensorDataset td) return new Split(td.subset(train), td.subset(validation));
        return new Split(new Subset(dataset, train), new Subset(dataset, validation));
    }

    private static DataSplits load(PublicDataset dataset, DatasetDownloader downloader) {
        Path dir;
        try {
            dir = downloader.locate(dataset);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ", or in any directory DIR and use idx:DIR", e);
        }
        return ImageDatasets.loadIdxDirectory(dir, dataset.name(), dataset.installHint());
    }

    private static DataSplits csv(String files) {
        String[] parts = files.split(",", -1);
        if (parts.length > 2 || parts[0].isBlank() || (parts.length == 2 && parts[1].isBlank())) {
            throw new IllegalArgumentException("csv source '" + files + "' must be csv:FILE or csv:TRAIN,TEST");
        }
        Path train = Path.of(parts[0].strip());
        Path test = parts.length == 2 ? Path.of(parts[1].strip()) : null;
        for (Path p : test == null ? List.of(train) : List.of(train, test)) {
            if (Files.isDirectory(p)) throw new IllegalArgumentException("csv file " + p + " is a directory");
            if (!Files.exists(p)) throw new IllegalArgumentException("csv file " + p + " does not exist");
        }
        Path name = train.getFileName();
        return new DataSplits(
                name == null ? train.toString() : name.toString(),
                Csv.read(train),
                test == null ? null : Csv.read(test));
    }

    private static DataSplits noArgument(String kind, String arg, java.util.function.Supplier<DataSplits> load) {
        if (arg != null) {
            throw new IllegalArgumentException("dataset '" + kind + "' takes no argument, got '" + kind + ":" + arg
                    + "'; expected one of " + FORMS);
        }
        return load.get();
    }

    private static String argument(String kind, String arg, String form) {
        if (arg == null || arg.isEmpty())
            throw new IllegalArgumentException("dataset '" + kind + "' needs an argument: " + form);
        return arg;
    }
}
