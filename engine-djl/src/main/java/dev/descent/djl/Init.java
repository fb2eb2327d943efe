package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Random;

/**
 * Initial weights drawn in Java from the run's seed, with PyTorch's default distributions (uniform in
 * +-1/sqrt(fan_in) for linear, conv and recurrent layers; N(0, 1) for embeddings), so a seed gives the same
 * network on every machine and thread count.
 */
final class Init {
    private final Random random;
    private final NDManager manager;

    Init(long seed, NDManager manager) {
        this.random = new Random(seed);
        this.manager = manager;
    }

    NDArray uniform(double bound, long... shape) {
        float[] data = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < data.length; i++) data[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        return parameter(data, shape);
    }

    NDArray normal(long... shape) {
        float[] data = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < data.length; i++) data[i] = (float) random.nextGaussian();
        return parameter(data, shape);
    }

    NDArray constant(float value, long... shape) {
        float[] data = new float[Math.toIntExact(new Shape(shape).size())];
        java.util.Arrays.fill(data, value);
        return parameter(data, shape);
    }

    /** A non-trainable array (running statistics). */
    NDArray buffer(float value, long... shape) {
        return manager.full(new Shape(shape), value);
    }

    private NDArray parameter(float[] data, long[] shape) {
        NDArray a = manager.create(data, new Shape(shape));
        a.setRequiresGradient(true);
        return a;
    }
}
