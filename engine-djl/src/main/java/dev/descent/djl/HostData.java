package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.descent.backend.DType;
import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.spec.ConfigException;
import dev.descent.spec.ModelPlan;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.TargetEncoding;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * A dataset copied once into flat Java arrays, so each batch is one row copy and one transfer to libtorch (the data
 * stays in memory). Features take the model's input shape; targets are encoded by the native engine's
 * {@link TargetEncoding} (class indices for cross_entropy/nll, one-hot rows for the others), and for a classification
 * the raw class labels are kept as well, for accuracy.
 */
final class HostData {
    private static final int CHUNK = 4096;

    final int size;
    private final int[] sampleShape;
    private final int sampleNumel;
    private final float[] features;
    private final int[] targetShape;
    private final int targetNumel;
    private final float[] floatTargets;
    private final long[] indexTargets;
    private final int[] labelShape;
    private final long[] labels;

    private HostData(
            int size,
            int[] sampleShape,
            float[] features,
            int[] targetShape,
            float[] floatTargets,
            long[] indexTargets,
            int[] labelShape,
            long[] labels) {
        this.size = size;
        this.sampleShape = sampleShape;
        this.sampleNumel = numel(sampleShape);
        this.features = features;
        this.targetShape = targetShape;
        this.targetNumel = numel(targetShape);
        this.floatTargets = floatTargets;
        this.indexTargets = indexTargets;
        this.labelShape = labelShape;
        this.labels = labels;
    }

    /** Copies {@code dataset} for training the planned spec; {@code what} names it in errors ("train", "test"). */
    static HostData of(Dataset dataset, String what, ModelPlan plan, TargetEncoding encoding) {
        ModelSpec spec = plan.spec();
        int n = dataset.size();
        if (n <= 0) throw new IllegalArgumentException("the " + what + " set is empty");
        int[] input = spec.input();
        int inputNumel = numel(input);
        boolean indices = spec.loss().equals("cross_entropy") || spec.loss().equals("nll");
        int[] targetShape = null, labelShape = null;
        float[] features = null, floatTargets = null;
        long[] indexTargets = null, labels = null;
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            int[] idx = new int[to - from];
            for (int i = 0; i < idx.length; i++) idx[i] = from + i;
            Batch b = dataset.batch(idx);
            Tensor targets = encoding.encode(b.targets());
            if (features == null) {
                int[] fs = b.features().sizes();
                if (numel(Arrays.copyOfRange(fs, 1, fs.length)) != inputNumel) {
                    throw new ConfigException(
                            "input",
                            "the " + what + " set's samples have shape "
                                    + Arrays.toString(Arrays.copyOfRange(fs, 1, fs.length)) + " but model '"
                                    + spec.name() + "' expects input " + Arrays.toString(input) + " (" + inputNumel
                                    + " values)");
                }
                if ((long) n * inputNumel > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("the " + what + " set holds " + (long) n * inputNumel
                            + " feature values, more than the djl engine keeps in memory");
                }
                if (indices && targets.dtype().isFloatingPoint()) {
                    throw new IllegalArgumentException(spec.loss() + " takes integer class targets, but the " + what
                            + " set's are " + targets.dtype().label());
                }
                features = new float[n * inputNumel];
                int[] ts = targets.sizes();
                targetShape = Arrays.copyOfRange(ts, 1, ts.length);
                if (indices) indexTargets = new long[n * numel(targetShape)];
                else floatTargets = new float[n * numel(targetShape)];
                if (encoding.classification()) {
                    int[] ls = b.targets().sizes();
                    labelShape = Arrays.copyOfRange(ls, 1, ls.length);
                    labels = new long[n * numel(labelShape)];
                }
            }
            System.arraycopy(b.features().toFloatArray(), 0, features, from * inputNumel, idx.length * inputNumel);
            int tn = numel(targetShape);
            if (indices) System.arraycopy(targets.toLongArray(), 0, indexTargets, from * tn, idx.length * tn);
            else
                System.arraycopy(targets.to(DType.FLOAT32).toFloatArray(), 0, floatTargets, from * tn, idx.length * tn);
            if (labels != null)
                System.arraycopy(
                        b.targets().toLongArray(), 0, labels, from * numel(labelShape), idx.length * numel(labelShape));
        }
        if (indices) checkClasses(plan, what, indexTargets);
        return new HostData(n, input.clone(), features, targetShape, floatTargets, indexTargets, labelShape, labels);
    }

    private static void checkClasses(ModelPlan plan, String what, long[] targets) {
        ModelSpec spec = plan.spec();
        int classes = plan.outputShape()[0];
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] < 0 || targets[i] >= classes) {
                throw new IllegalArgumentException(
                        spec.loss() + ": the " + what + " set's target " + i + " is class " + targets[i]
                                + ", out of range for " + classes + " classes (valid: 0 to " + (classes - 1) + ")");
            }
        }
    }

    /** Features of the samples {@code order[from, to)}, in {@code manager}. */
    NDArray features(NDManager manager, int[] order, int from, int to) {
        int n = to - from;
        float[] rows = new float[n * sampleNumel];
        for (int i = 0; i < n; i++)
            System.arraycopy(features, order[from + i] * sampleNumel, rows, i * sampleNumel, sampleNumel);
        return manager.create(rows, batched(n, sampleShape));
    }

    /** Encoded targets of the samples {@code order[from, to)}, in {@code manager}. */
    NDArray targets(NDManager manager, int[] order, int from, int to) {
        int n = to - from;
        if (indexTargets != null)
            return manager.create(gather(indexTargets, targetNumel, order, from, to), batched(n, targetShape));
        float[] rows = new float[n * targetNumel];
        for (int i = 0; i < n; i++)
            System.arraycopy(floatTargets, order[from + i] * targetNumel, rows, i * targetNumel, targetNumel);
        return manager.create(rows, batched(n, targetShape));
    }

    /** The raw class labels of the samples {@code order[from, to)}, as the native engine's accuracy takes them. */
    Tensor labels(int[] order, int from, int to) {
        int[] shape = new int[labelShape.length + 1];
        shape[0] = to - from;
        System.arraycopy(labelShape, 0, shape, 1, labelShape.length);
        return Tensor.fromArray(gather(labels, numel(labelShape), order, from, to), shape);
    }

    private static long[] gather(long[] all, int per, int[] order, int from, int to) {
        long[] rows = new long[(to - from) * per];
        for (int i = 0; i < to - from; i++) System.arraycopy(all, order[from + i] * per, rows, i * per, per);
        return rows;
    }

    private static Shape batched(int n, int[] shape) {
        long[] s = new long[shape.length + 1];
        s[0] = n;
        for (int i = 0; i < shape.length; i++) s[i + 1] = shape[i];
        return new Shape(s);
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }
}
