package dev.descent.cli.bench;

import dev.descent.backend.Backend;
import dev.descent.backend.Backends;
import dev.descent.backend.BinaryOp;
import dev.descent.backend.Generator;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * fp32 elementwise addition against the memory system's own speed: add of 16M floats, both through the kernel into a
 * preallocated output and through {@link Tensor#add} (which allocates its result), next to System.arraycopy of the same
 * 16M floats and to the allocation alone. Bytes moved count every operand once (add: 2 reads and a write, copy: a read
 * and a write). Also the broadcast patterns of training (bias add, row broadcast) and the per-call overhead on the
 * 250-element vectors of a batch-size-1 network.
 */
final class ElementwiseWorkload implements Workload {
    static final int N = 1 << 24;

    @Override
    public String name() {
        return "elementwise";
    }

    @Override
    public String description() {
        return "GB/s of add of 16M floats (kernel and Tensor.add) vs System.arraycopy, broadcast adds, small-vector latency";
    }

    @Override
    public List<BenchCase> prepare() {
        Backend backend = Backends.getDefault();
        Generator gen = new Generator(7L);
        List<BenchCase> cases = new ArrayList<>();
        double gb = 4.0 * N / 1e9;

        Tensor a = Tensor.rand(gen, N), b = Tensor.rand(gen, N);
        Tensor out = Tensor.empty(Shape.of(N), a.dtype(), backend);
        cases.add(BenchCase.throughput(
                "add 16M (kernel)", "GB", 3 * gb, () -> backend.binary(BinaryOp.ADD, a, b, out, 1.0)));
        cases.add(BenchCase.throughput("add 16M (Tensor.add)", "GB", 3 * gb, () -> a.add(b)));
        float[] src = a.toFloatArray(), dst = new float[N];
        cases.add(BenchCase.throughput(
                "copy 16M (System.arraycopy)", "GB", 2 * gb, () -> System.arraycopy(src, 0, dst, 0, N)));
        // What Tensor.add pays on top of the kernel: the JVM zero-fills every new array (and collects it later).
        cases.add(BenchCase.throughput(
                "allocate 16M (Tensor.empty, zero-filled)",
                "GB",
                gb,
                () -> Tensor.empty(Shape.of(N), a.dtype(), backend)));

        Tensor x = Tensor.rand(gen, 128, 512), bias = Tensor.rand(gen, 512), rowMax = Tensor.rand(gen, 128, 1);
        double xgb = 4.0 * 128 * 512 / 1e9;
        cases.add(BenchCase.throughput("bias add 128x512 + 512 (Tensor.add)", "GB", 2 * xgb, () -> x.add(bias)));
        cases.add(
                BenchCase.throughput("row broadcast 128x512 - 128x1 (Tensor.sub)", "GB", 2 * xgb, () -> x.sub(rowMax)));

        Tensor u = Tensor.rand(gen, 250), v = Tensor.rand(gen, 250);
        cases.add(BenchCase.latency("add 250 (Tensor.add)", () -> u.add(v)));
        cases.add(BenchCase.latency("sigmoid 250 (Tensor.sigmoid)", u::sigmoid));
        return cases;
    }

    @Override
    public Map<String, Double> derived(Map<String, CaseResult> results) {
        double copy = results.get("copy 16M (System.arraycopy)").medianSecondsPerRun();
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("add_kernel_time_over_copy_time", results.get("add 16M (kernel)").medianSecondsPerRun() / copy);
        d.put(
                "add_tensor_time_over_copy_time",
                results.get("add 16M (Tensor.add)").medianSecondsPerRun() / copy);
        d.put(
                "allocate_time_over_copy_time",
                results.get("allocate 16M (Tensor.empty, zero-filled)").medianSecondsPerRun() / copy);
        return d;
    }
}
