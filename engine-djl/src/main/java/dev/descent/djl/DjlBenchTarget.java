package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.descent.cli.bench.BenchTarget;

/** The djl engine's side of {@code descent bench --engines}: libtorch's own matrix product and thread count. */
public final class DjlBenchTarget implements BenchTarget {

    @Override
    public String name() {
        return "djl";
    }

    @Override
    public String unavailableReason() {
        return DjlRuntime.unavailableReason();
    }

    @Override
    public void useThreads(int threads) {
        System.setProperty(DjlRuntime.THREADS_PROPERTY, Integer.toString(threads));
    }

    @Override
    public String describe() {
        DjlRuntime.useThreadsOnThisThread();
        return "libtorch " + DjlRuntime.engine().getVersion() + " cpu through DJL (" + JniUtils.getNumThreads()
                + " threads)";
    }

    /** torch.matmul on arrays in libtorch's memory; each product's result is freed at once. */
    @Override
    public Product matmul(float[] a, float[] b, int m, int k, int n) {
        DjlRuntime.useThreadsOnThisThread();
        NDManager manager = DjlRuntime.newManager();
        NDArray left = manager.create(a, new Shape(m, k));
        NDArray right = manager.create(b, new Shape(k, n));
        return new Product() {
            @Override
            public void run() {
                left.matMul(right).close();
            }

            @Override
            public void close() {
                manager.close();
            }
        };
    }
}
