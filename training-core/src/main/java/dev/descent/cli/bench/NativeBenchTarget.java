package dev.descent.cli.bench;

import dev.descent.backend.Backends;
import dev.descent.tensor.Tensor;

/** The native engine's side of {@code descent bench --engines}: the default backend's kernels. */
public class NativeBenchTarget implements BenchTarget {

    @Override
    public String name() {
        return "native";
    }

    /**
     * The CPU backend reads this when it starts its thread pool, so it counts only before the first tensor operation.
     */
    @Override
    public void useThreads(int threads) {
        System.setProperty("descent.threads", Integer.toString(threads));
    }

    @Override
    public String describe() {
        return Backends.getDefault().describe();
    }

    @Override
    public Product matmul(float[] a, float[] b, int m, int k, int n) {
        Runnable product = GemmWorkload.product(
                        Backends.getDefault(),
                        m + "x" + k + " @ " + k + "x" + n,
                        Tensor.fromArray(a, m, k),
                        Tensor.fromArray(b, k, n))
                .run();
        return new Product() {
            @Override
            public void run() {
                product.run();
            }

            @Override
            public void close() {}
        };
    }
}
