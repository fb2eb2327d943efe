package dev.descent.cli.bench;

import dev.descent.backend.Backend;
import dev.descent.backend.Backends;
import dev.descent.backend.Generator;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * fp32 matrix products through {@link Backend#matmul} into a preallocated output: the square 1024^3 product, a
 * 128x784 @ 784x512 dense layer with its two backward products (whose operands are transposed views), and the
 * batch-size-1 products of a 784-250-10 network; and the machine's fp32 FMA peak on the backend's threads
 * ({@link FmaPeak}), which every product is also reported as a fraction of.
 */
final class GemmWorkload implements Workload {
    /** The case that measures the machine's fp32 FMA rate, which every product is reported as a fraction of. */
    static final String PEAK = "peak (fp32 FMA, all threads)";

    @Override
    public String name() {
        return "gemm";
    }

    @Override
    public String description() {
        return "fp32 FMA peak, and GFLOP/s (and fraction of peak) of 1024^3, 128x784 @ 784x512 with its backward products, and batch-1 784x250 products";
    }

    @Override
    public List<BenchCase> prepare() {
        Backend backend = Backends.getDefault();
        Generator gen = new Generator(20240601L);
        List<BenchCase> cases = new ArrayList<>();

        FmaPeak peak = new FmaPeak(Backends.hostThreads());
        cases.add(BenchCase.throughput(PEAK, "GFLOP", peak.gflopPerRun(), peak));
        cases.add(product(backend, "1024x1024 @ 1024x1024", randn(gen, 1024, 1024), randn(gen, 1024, 1024)));
        if (!backend.name().equals("cpu")) {
            // The size GPU figures are quoted at (PyTorch's 51 TFLOP/s on an H100); minutes per sample on a CPU.
            cases.add(product(backend, "4096x4096 @ 4096x4096", randn(gen, 4096, 4096), randn(gen, 4096, 4096)));
        }

        Tensor x = randn(gen, 128, 784), w = randn(gen, 784, 512), g = randn(gen, 128, 512);
        cases.add(product(backend, "128x784 @ 784x512 (forward)", x, w));
        cases.add(product(backend, "128x512 @ (784x512)^T (grad input)", g, w.t()));
        cases.add(product(backend, "(128x784)^T @ 128x512 (grad weight)", x.t(), g));

        Tensor x1 = randn(gen, 1, 784), w1 = randn(gen, 784, 250), g1 = randn(gen, 1, 250);
        cases.add(product(backend, "1x784 @ 784x250 (batch-1 forward)", x1, w1));
        cases.add(product(backend, "1x250 @ (784x250)^T (batch-1 grad input)", g1, w1.t()));
        cases.add(product(backend, "(1x784)^T @ 1x250 (batch-1 grad weight)", x1.t(), g1));
        return cases;
    }

    /**
     * Every product's rate as a fraction of the FMA peak measured in the same run, e.g. {@code "1024x1024 @ 1024x1024 /
     * peak": 0.78}.
     */
    @Override
    public Map<String, Double> derived(Map<String, CaseResult> results) {
        CaseResult peak = results.get(PEAK);
        Map<String, Double> d = new LinkedHashMap<>();
        if (peak == null || !(peak.median() > 0)) return d;
        results.forEach((name, r) -> {
            if (!name.equals(PEAK)) d.put(name + " / peak", r.median() / peak.median());
        });
        return d;
    }

    private static Tensor randn(Generator gen, int... shape) {
        return Tensor.randn(gen, shape);
    }

    /** a [m, k] @ b [k, n], both possibly strided views, as the backend's batched kernel sees it. */
    static BenchCase product(Backend backend, String name, Tensor a, Tensor b) {
        int m = a.size(0), k = a.size(1), n = b.size(1);
        Tensor a3 = a.unsqueeze(0), b3 = b.unsqueeze(0);
        Tensor out = Tensor.empty(Shape.of(1, m, n), a.dtype(), backend);
        double gflop = 2.0 * m * n * k / 1e9;
        return BenchCase.throughput(name, "GFLOP", gflop, () -> backend.matmul(a3, b3, out));
    }
}
