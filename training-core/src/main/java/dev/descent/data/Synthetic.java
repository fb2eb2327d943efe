package dev.descent.data;

import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;

/**
 * Small generated datasets for tests, demos and the CLI: 2-D classification sets (features float32 [n, 2], labels int64
 * [n]) and 1-D regression sets (features and targets float32 [n, 1]). A seed fixes every draw. Classes are interleaved
 * (example i has class i mod k), so any prefix of a set holds every class.
 */
public final class Synthetic {
    private Synthetic() {}

    /** {@code classes} interleaved spiral arms (as in CS231n): radius 0..1, angle noise of std {@code noise}. */
    public static TensorDataset spirals(int n, int classes, double noise, long seed) {
        check(n, noise, "noise");
        if (classes < 1) throw new IllegalArgumentException("classes must be >= 1, got " + classes);
        Generator gen = new Generator(seed);
        float[] x = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            double r = position(i / classes, perClass(n, classes, c));
            double t = 4.0 * (c + r) + noise * gen.nextGaussian();
            x[2 * i] = (float) (r * Math.sin(t));
            x[2 * i + 1] = (float) (r * Math.cos(t));
            y[i] = c;
        }
        return classification(x, y);
    }

    /**
     * Two interleaving half circles (as in scikit-learn), with Gaussian noise of std {@code noise} on each coordinate.
     */
    public static TensorDataset moons(int n, double noise, long seed) {
        check(n, noise, "noise");
        Generator gen = new Generator(seed);
        float[] x = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            double t = Math.PI * position(i / 2, perClass(n, 2, c));
            double a = c == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double b = c == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
            x[2 * i] = (float) (a + noise * gen.nextGaussian());
            x[2 * i + 1] = (float) (b + noise * gen.nextGaussian());
            y[i] = c;
        }
        return classification(x, y);
    }

    /** Gaussian blobs of std {@code std} around {@code centers} centres drawn uniformly from [-10, 10]^2. */
    public static TensorDataset blobs(int n, int centers, double std, long seed) {
        check(n, std, "std");
        if (centers < 1) throw new IllegalArgumentException("centers must be >= 1, got " + centers);
        Generator gen = new Generator(seed);
        double[] mid = new double[2 * centers];
        for (int i = 0; i < mid.length; i++) mid[i] = -10 + 20 * gen.nextDouble();
        float[] x = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            int c = i % centers;
            x[2 * i] = (float) (mid[2 * c] + std * gen.nextGaussian());
            x[2 * i + 1] = (float) (mid[2 * c + 1] + std * gen.nextGaussian());
            y[i] = c;
        }
        return classification(x, y);
    }

    /**
     * Points uniform in [-1, 1]^2, class 1 where the signs of the coordinates differ; then noise of std {@code noise}.
     */
    public static TensorDataset xor(int n, double noise, long seed) {
        check(n, noise, "noise");
        Generator gen = new Generator(seed);
        float[] x = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            double a = -1 + 2 * gen.nextDouble(), b = -1 + 2 * gen.nextDouble();
            y[i] = (a > 0) != (b > 0) ? 1 : 0;
            x[2 * i] = (float) (a + noise * gen.nextGaussian());
            x[2 * i + 1] = (float) (b + noise * gen.nextGaussian());
        }
        return classification(x, y);
    }

    /** Regression of y = x^2 for x uniform in [-0.5, 0.5], plus Gaussian noise of std {@code noise} on y. */
    public static TensorDataset parabola(int n, double noise, long seed) {
        return regression(n, noise, seed, -0.5, 0.5, v -> v * v);
    }

    /** Regression of y = sin x for x uniform in [-pi, pi], plus Gaussian noise of std {@code noise} on y. */
    public static TensorDataset sine(int n, double noise, long seed) {
        return regression(n, noise, seed, -Math.PI, Math.PI, Math::sin);
    }

    private static TensorDataset regression(
            int n, double noise, long seed, double low, double high, java.util.function.DoubleUnaryOperator f) {
        check(n, noise, "noise");
        Generator gen = new Generator(seed);
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) {
            double v = low + (high - low) * gen.nextDouble();
            x[i] = (float) v;
            y[i] = (float) (f.applyAsDouble(v) + noise * gen.nextGaussian());
        }
        return new TensorDataset(Tensor.fromArray(x, n, 1), Tensor.fromArray(y, n, 1));
    }

    private static TensorDataset classification(float[] x, long[] y) {
        return new TensorDataset(Tensor.fromArray(x, y.length, 2), Tensor.fromArray(y, y.length));
    }

    /** How many of n interleaved examples have class c. */
    private static int perClass(int n, int classes, int c) {
        return (n - c + classes - 1) / classes;
    }

    /** The k-th of m evenly spaced positions in [0, 1]. */
    private static double position(int k, int m) {
        return m > 1 ? (double) k / (m - 1) : 0;
    }

    private static void check(int n, double spread, String name) {
        if (n < 1) throw new IllegalArgumentException("the number of examples must be >= 1, got " + n);
        if (!(spread >= 0)) throw new IllegalArgumentException(name + " must be >= 0, got " + spread);
    }
}
