package dev.descent.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * fp32 GFLOP/s of each engine's own matrix product: the square 1024^3 product and a dense layer's 128x784 @ 784x512.
 */
final class EngineGemmWorkload implements EngineWorkload {
    private static final int[][] SHAPES = {{1024, 1024, 1024}, {128, 784, 512}};
    /** A sample repeats the product until it lasts this long, so a fast product is not lost in timer noise. */
    private static final double MIN_SAMPLE_SECONDS = 0.1;

    @Override
    public String name() {
        return "gemm";
    }

    @Override
    public String description() {
        return "fp32 GFLOP/s of 1024x1024 @ 1024x1024 and 128x784 @ 784x512, operands in the engine's memory";
    }

    @Override
    public String method() {
        return "each sample repeats the product for at least " + (int) (MIN_SAMPLE_SECONDS * 1000)
                + " ms; the same random operands on every engine";
    }

    @Override
    public List<EngineCase> prepare(List<BenchTarget> engines) {
        Random random = new Random(20240601L);
        List<EngineCase> cases = new ArrayList<>();
        for (int[] s : SHAPES) {
            int m = s[0], k = s[1], n = s[2];
            float[] a = normal(random, m * k), b = normal(random, k * n);
            double gflop = 2.0 * m * k * n / 1e9;
            Map<String, EngineCase.Sample> samples = new LinkedHashMap<>();
            for (BenchTarget e : engines) {
                samples.put(
                        e.name(),
                        e instanceof ExternalEngine external
                                ? external.gemm(a, b, m, k, n, MIN_SAMPLE_SECONDS)
                                : sample(e.matmul(a, b, m, k, n), gflop));
            }
            cases.add(new EngineCase(m + "x" + k + " @ " + k + "x" + n, "GFLOP/s", true, samples));
        }
        return cases;
    }

    private static EngineCase.Sample sample(BenchTarget.Product product, double gflop) {
        return new EngineCase.Sample() {
            private int runs = 1;

            @Override
            public double measure() {
                long start = System.nanoTime();
                for (int i = 0; i < runs; i++) product.run();
                double seconds = (System.nanoTime() - start) / 1e9;
                double figure = gflop * runs / seconds;
                runs = (int) Math.max(
                        1, Math.min(100_000, Math.ceil(runs * MIN_SAMPLE_SECONDS / Math.max(seconds, 1e-9))));
                return figure;
            }

            @Override
            public void close() {
                product.close();
            }
        };
    }

    private static float[] normal(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) random.nextGaussian();
        return v;
    }
}
