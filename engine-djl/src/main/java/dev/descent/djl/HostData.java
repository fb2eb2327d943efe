package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.train.ConfigException;

import java.util.Arrays;

/**
 * A dataset copied once into flat Java arrays, so each batch is one row copy and one transfer to libtorch
 * (the data stays in memory, as the benchmarks require). Targets are class indices ({@code long}) for
 * cross_entropy/nll with one index per sample, floats otherwise.
 */
final class HostData {
    private static final int CHUNK = 4096;

    final int size;
    final int[] sampleShape;
    final int[] targetShape;
    private final int sampleNumel;
    private final int targetNumel;
    private final float[] features;
    private final float[] floatTargets;
    private final long[] indexTargets;

    private HostData(int size, int[] sampleShape, int[] targetShape, float[] features, float[] floatTargets, long[] indexTargets) {
        this.size = size;
        this.sampleShape = sampleShape;
        this.targetShape = targetShape;
        this.sampleNumel = numel(sampleShape);
        this.targetNumel = numel(targetShape);
        this.features = features;
        this.floatTargets = floatTargets;
        this.indexTargets = indexTargets;
    }

    /** Copies {@code dataset}; its samples must be shaped {@code input}. {@code what} names it in errors ("train", "test"). */
    static HostData of(Dataset dataset, String what, int[] input, String loss, int[] output) {
        int n = dataset.size();
        if (n <= 0) throw new IllegalArgumentException("the " + what + " set is empty");
        int[] sampleShape = null, targetShape = null;
        float[] features = null, floatTargets = null;
        long[] indexTargets = null;
        boolean indices = false;
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            int[] idx = new int[to - from];
            for (int i = 0; i < idx.length; i++) idx[i] = from + i;
            Batch b = dataset.batch(idx);
            int[] fs = b.features().sizes(), ts = b.targets().sizes();
            if (sampleShape == null) {
                sampleShape = Arrays.copyOfRange(fs, 1, fs.length);
                targetShape = Arrays.copyOfRange(ts, 1, ts.length);
                if (!Arrays.equals(sampleShape, input)) {
                    throw new ConfigException("input", "the model takes samples shaped " + Arrays.toString(input) + " but the " + what + " set's are " + Arrays.toString(sampleShape));
                }
                long total = (long) n * numel(sampleShape);
                if (total > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("the " + what + " set holds " + total + " feature values, more than the djl engine keeps in memory");
                features = new float[(int) total];
                indices = Losses.indexTargets(loss, targetShape, output);
                if (!indices && numel(targetShape) != numel(output)) {
                    throw new ConfigException("loss", loss + " compares each output " + Arrays.toString(output) + " with its target, but the " + what
                            + " set's targets are shaped " + Arrays.toString(targetShape));
                }
                if (indices) indexTargets = new long[n * numel(targetShape)];
                else floatTargets = new float[n * numel(targetShape)];
            }
            System.arraycopy(b.features().toFloatArray(), 0, features, from * numel(sampleShape), idx.length * numel(sampleShape));
            if (indices) System.arraycopy(b.targets().toLongArray(), 0, indexTargets, from * numel(targetShape), idx.length * numel(targetShape));
            else System.arraycopy(b.targets().toFloatArray(), 0, floatTargets, from * numel(targetShape), idx.length * numel(targetShape));
        }
        if (indices) checkClasses(what, indexTargets, output[0]);
        return new HostData(n, sampleShape, targetShape, features, floatTargets, indexTargets);
    }

    private static void checkClasses(String what, long[] targets, int classes) {
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] < 0 || targets[i] >= classes) {
                throw new IllegalArgumentException("the " + what + " set's target " + i + " is class " + targets[i] + " but the model has " + classes + " outputs");
            }
        }
    }

    /** Features of the samples {@code indices[from, to)}, in {@code manager}. */
    NDArray features(NDManager manager, int[] indices, int from, int to) {
        int n = to - from;
        float[] rows = new float[n * sampleNumel];
        for (int i = 0; i < n; i++) System.arraycopy(features, indices[from + i] * sampleNumel, rows, i * sampleNumel, sampleNumel);
        return manager.create(rows, batched(n, sampleShape));
    }

    NDArray targets(NDManager manager, int[] indices, int from, int to) {
        int n = to - from;
        if (indexTargets != null) {
            long[] rows = new long[n * targetNumel];
            for (int i = 0; i < n; i++) System.arraycopy(indexTargets, indices[from + i] * targetNumel, rows, i * targetNumel, targetNumel);
            return manager.create(rows, batched(n, targetShape));
        }
        float[] rows = new float[n * targetNumel];
        for (int i = 0; i < n; i++) System.arraycopy(floatTargets, indices[from + i] * targetNumel, rows, i * targetNumel, targetNumel);
        return manager.create(rows, batched(n, targetShape));
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
