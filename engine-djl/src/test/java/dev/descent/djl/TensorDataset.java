package dev.descent.djl;

import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.data.Example;
import dev.descent.tensor.Tensor;

import java.util.Random;

/** Features [n, ...] and targets [n, ...] held in memory, with small synthetic problems for tests. */
record TensorDataset(Tensor features, Tensor targets) implements Dataset {

    @Override public int size() { return features.size(0); }

    @Override public Example get(int index) { return new Example(features.select(0, index), targets.select(0, index)); }

    @Override public Batch batch(int[] indices) {
        Tensor idx = Tensor.fromArray(toLong(indices));
        return new Batch(features.indexSelect(0, idx), targets.indexSelect(0, idx));
    }

    private static long[] toLong(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i];
        return out;
    }

    /** {@code classes} Gaussian clusters in {@code dims} dimensions, centres 3 apart on average: easy but not trivial. */
    static TensorDataset blobs(int n, int classes, int dims, long seed) {
        Random r = new Random(seed);
        float[][] centres = new float[classes][dims];
        Random c = new Random(1234);   // the same centres for train and test sets
        for (float[] centre : centres) for (int d = 0; d < dims; d++) centre[d] = (float) (c.nextGaussian() * 2);
        float[] x = new float[n * dims];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(classes);
            y[i] = k;
            for (int d = 0; d < dims; d++) x[i * dims + d] = centres[k][d] + (float) r.nextGaussian() * 0.7f;
        }
        return new TensorDataset(Tensor.fromArray(x, n, dims), Tensor.fromArray(y, n));
    }

    /** y = sum of x's coordinates scaled, plus noise: a regression problem with targets [n, 1]. */
    static TensorDataset linear(int n, int dims, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * dims];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int d = 0; d < dims; d++) {
                x[i * dims + d] = (float) r.nextGaussian();
                s += x[i * dims + d] * (d + 1) * 0.5;
            }
            y[i] = (float) (s + r.nextGaussian() * 0.1);
        }
        return new TensorDataset(Tensor.fromArray(x, n, dims), Tensor.fromArray(y, n, 1));
    }

    /** Tiny [1, size, size] images of a horizontal (class 0), vertical (1) or diagonal (2) bar, with noise. */
    static TensorDataset bars(int n, int size, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * size * size];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(3), at = r.nextInt(size);
            y[i] = k;
            for (int a = 0; a < size; a++) for (int b = 0; b < size; b++) {
                boolean on = switch (k) {
                    case 0 -> a == at;
                    case 1 -> b == at;
                    default -> a == b;
                };
                x[i * size * size + a * size + b] = (on ? 1f : 0f) + (float) r.nextGaussian() * 0.2f;
            }
        }
        return new TensorDataset(Tensor.fromArray(x, n, 1, size, size), Tensor.fromArray(y, n));
    }
}
