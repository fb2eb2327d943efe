package dev.descent.djl;

import dev.descent.data.TensorDataset;
import dev.descent.tensor.Tensor;
import java.util.Random;

/** Small synthetic problems for tests, held in memory. */
final class TestSets {
    private TestSets() {}

    /**
     * {@code classes} Gaussian clusters in {@code dims} dimensions, centres 3 apart on average: easy but not trivial.
     */
    static TensorDataset blobs(int n, int classes, int dims, long seed) {
        Random r = new Random(seed);
        float[][] centres = new float[classes][dims];
        Random c = new Random(1234); // the same centres for train and test sets
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
}
