package dev.descent.data;

import dev.descent.backend.Backend;
import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * A dataset held as two tensors whose first dimension indexes the examples: features [n, ...] and targets [n, ...]. A
 * batch is one {@code indexSelect} per tensor, so the trainer's per-step cost is a gather of the rows it needs and
 * nothing else.
 *
 * <p>Images can stay compact: {@link #scaled} keeps the features as stored (Fashion-MNIST's uint8 pixels, a quarter of
 * their float32 size) and turns only the rows a batch gathers into float32 {@code stored / divisor}, as torchvision
 * keeps MNIST as bytes and converts per sample. The floats are the ones a whole-set conversion would give, bit for bit.
 */
public final class TensorDataset implements Dataset {
    /** The features as held: float32 already, or integers read through {@link #decode}. */
    private final Tensor features;

    private final Tensor targets;
    /** What stored features are divided by when read, or 0 when they are held as they are read. */
    private final double divisor;

    public TensorDataset(Tensor features, Tensor targets) {
        this(features, targets, 0);
    }

    /**
     * Features kept as stored (an integer dtype, e.g. uint8 pixels) and read as float32 {@code stored / divisor} (255
     * scales bytes to [0, 1]).
     */
    public static TensorDataset scaled(Tensor stored, double divisor, Tensor targets) {
        if (stored != null && stored.dtype().isFloatingPoint())
            throw new IllegalArgumentException("scaled features must be stored as integers, got "
                    + stored.dtype().label());
        if (!(divisor > 0) || Double.isInfinite(divisor))
            throw new IllegalArgumentException("the features' divisor must be a positive number, got " + divisor);
        return new TensorDataset(stored, targets, divisor);
    }

    private TensorDataset(Tensor features, Tensor targets, double divisor) {
        if (features == null || targets == null)
            throw new IllegalArgumentException("a tensor dataset needs both features and targets");
        if (features.dim() == 0 || targets.dim() == 0) {
            throw new IllegalArgumentException(
                    "features and targets need a first dimension indexing the examples, got shapes " + features.shape()
                            + " and " + targets.shape());
        }
        if (features.size(0) != targets.size(0)) {
            throw new IllegalArgumentException("features have " + features.size(0) + " examples (shape "
                    + features.shape() + ") but targets have " + targets.size(0) + " (shape " + targets.shape() + ")");
        }
        // Data is an input, never a node of a model's graph.
        this.features = features.detach();
        this.targets = targets.detach();
        this.divisor = divisor;
    }

    /** Every example's features as read (float32 for a {@link #scaled} set: a converted copy of the whole set). */
    public Tensor features() {
        return decode(features);
    }

    /** The shape of one example's features, e.g. [1, 28, 28]. */
    public int[] sampleShape() {
        return Arrays.copyOfRange(features.sizes(), 1, features.dim());
    }

    private Tensor decode(Tensor stored) {
        return divisor == 0 ? stored : stored.to(DType.FLOAT32).div(divisor);
    }

    public Tensor targets() {
        return targets;
    }

    @Override
    public int size() {
        return features.size(0);
    }

    @Override
    public Example get(int index) {
        checkIndex(index);
        return new Example(decode(features.select(0, index)), targets.select(0, index));
    }

    @Override
    public Batch batch(int[] indices) {
        Tensor rows = rowIndex(indices);
        return new Batch(decode(features.indexSelect(0, rows)), targets.indexSelect(0, rows));
    }

    /** The examples at {@code indices}, copied into a dataset of their own. */
    public TensorDataset subset(int[] indices) {
        Tensor rows = rowIndex(indices);
        return new TensorDataset(features.indexSelect(0, rows), targets.indexSelect(0, rows), divisor);
    }

    /** The same examples with each sample's features viewed as {@code sampleShape} (e.g. 784 -> 1, 28, 28). */
    public TensorDataset withSampleShape(int... sampleShape) {
        int per = 1;
        for (int d : sampleShape) per *= d;
        int have = features.numel() / Math.max(size(), 1);
        if (per != have || sampleShape.length == 0) {
            int[] current = Arrays.copyOfRange(features.sizes(), 1, features.dim());
            throw new IllegalArgumentException("cannot view samples of shape " + Arrays.toString(current) + " (" + have
                    + " values) as " + Arrays.toString(sampleShape) + " (" + per + " values)");
        }
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = size();
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        return new TensorDataset(features.reshape(shape), targets, divisor);
    }

    /** Features standardised as (x - mean) / std, e.g. with the training set's statistics for both splits. */
    public TensorDataset normalized(double mean, double std) {
        if (!(std > 0)) throw new IllegalArgumentException("std must be > 0, got " + std);
        return new TensorDataset(features().sub(mean).div(std), targets);
    }

    /** The mean and (population) standard deviation over every feature value, for {@link #normalized}. */
    public double[] featureMeanStd() {
        double sum = 0, sumSq = 0;
        float[] v = features().toFloatArray();
        for (float x : v) {
            sum += x;
            sumSq += (double) x * x;
        }
        double mean = sum / Math.max(v.length, 1);
        return new double[] {mean, Math.sqrt(Math.max(sumSq / Math.max(v.length, 1) - mean * mean, 0))};
    }

    /** The same data on another backend (the trainer moves the whole set to the GPU once). */
    public TensorDataset to(Backend backend) {
        return backend == features.backend() && backend == targets.backend()
                ? this
                : new TensorDataset(features.to(backend), targets.to(backend), divisor);
    }

    private Tensor rowIndex(int[] indices) {
        long[] rows = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            checkIndex(indices[i]);
            rows[i] = indices[i];
        }
        return Tensor.fromArray(rows).to(features.backend());
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(
                    "example index " + index + " is out of range for a dataset of " + size() + " examples");
        }
    }

    @Override
    public String toString() {
        return "TensorDataset(" + size() + " examples, features " + features.shape() + " "
                + (divisor == 0
                        ? features.dtype().label()
                        : "float32 (" + features.dtype().label() + " / " + divisor + ")")
                + ", targets " + targets.shape() + " "
                + targets.dtype().label() + ")";
    }
}
