package dev.descent.graph;

import dev.descent.backend.StridedView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Elementwise fusion: a run of consecutive pointwise calls over the same number of elements, each reading what an
 * earlier one wrote, becomes one node that walks the elements once in cache-sized tiles and applies the whole chain to
 * each tile before moving on, so intermediates stay in cache instead of streaming through memory once per op. Each
 * element sees the same operations in the same order, so results are bit for bit those of the unfused chain.
 */
final class Fusion {
    /** Elements per tile: 64 KiB of float32, within L2 for every operand of a short chain. */
    static final int TILE = 16 * 1024;

    private static final Set<String> POINTWISE = Set.of(
            "add",
            "sub",
            "mul",
            "div",
            "maximum",
            "minimum",
            "pow",
            "neg",
            "exp",
            "log",
            "sqrt",
            "rsqrt",
            "relu",
            "sigmoid",
            "tanh",
            "abs",
            "square",
            "clamp",
            "leaky_relu",
            "gelu",
            "gelu_tanh",
            "addcmul",
            "addcdiv",
            "addcdiv_sqrt",
            "where",
            "copy",
            "reciprocal",
            "sign",
            "sin",
            "cos",
            "erf",
            "rpow",
            "floor",
            "ceil",
            "round",
            "fmod",
            "remainder",
            "floor_divide",
            "relu_backward",
            "leaky_relu_backward",
            "sigmoid_backward",
            "tanh_backward",
            "gelu_backward",
            "gelu_tanh_backward");

    private Fusion() {}

    static Graph fuseElementwise(Graph g) {
        List<KernelCall> out = new ArrayList<>();
        List<KernelCall> run = new ArrayList<>();
        int runNumel = -1;
        for (KernelCall n : g.nodes()) {
            int numel = tileable(n);
            if (numel > TILE && (run.isEmpty() || numel == runNumel)) {
                run.add(n);
                runNumel = numel;
                continue;
            }
            flush(run, out);
            if (numel > TILE) {
                run.add(n);
                runNumel = numel;
            } else {
                out.add(n);
            }
        }
        flush(run, out);
        return g.with(g.buffers(), out, g.outputs());
    }

    /** The element count of a pointwise call all of whose operands are dense or one broadcast value, else -1. */
    private static int tileable(KernelCall n) {
        if (!POINTWISE.contains(n.op()) || n.outputs().size() != 1) return -1;
        Value o = n.outputs().getFirst();
        int numel = o.numel();
        if (!dense(o)) return -1;
        for (Value e : n.inputs()) {
            if (e.dtype() != o.dtype() && !n.op().equals("where")) return -1;
            if (!(e.numel() == numel && dense(e)) && !broadcastScalar(e)) return -1;
        }
        return numel;
    }

    private static boolean dense(Value e) {
        int expected = 1;
        for (int d = e.sizes().length - 1; d >= 0; d--) {
            if (e.sizes()[d] != 1 && e.strides()[d] != expected) return false;
            expected *= e.sizes()[d];
        }
        return true;
    }

    private static boolean broadcastScalar(Value e) {
        for (int s : e.strides()) if (s != 0) return false;
        return true;
    }

    /** Emits a run: alone as it was, or as one fused node when a later member reads what an earlier one wrote. */
    private static void flush(List<KernelCall> run, List<KernelCall> out) {
        if (run.size() < 2 || !chained(run)) {
            out.addAll(run);
        } else {
            out.add(fuse(List.copyOf(run)));
        }
        run.clear();
    }

    private static boolean chained(List<KernelCall> run) {
        // A buffer the chain writes must be seen by every member at the same place, or tiles would cross.
        java.util.Map<Integer, Integer> writtenAt = new java.util.HashMap<>();
        for (KernelCall n : run) for (Value e : n.outputs()) writtenAt.put(e.buffer(), e.offset());
        for (KernelCall n : run) {
            for (Value e : n.inputs()) {
                Integer at = writtenAt.get(e.buffer());
                if (at != null && (at != e.offset() || (broadcastScalar(e) && e.numel() > 1))) return false;
            }
        }
        for (int i = 1; i < run.size(); i++) {
            for (int j = 0; j < i; j++) {
                int written = run.get(j).outputs().getFirst().buffer();
                for (Value e : run.get(i).inputs()) if (e.buffer() == written) return true;
            }
        }
        return false;
    }

    private static KernelCall fuse(List<KernelCall> chain) {
        List<Value> in = new ArrayList<>(), outs = new ArrayList<>();
        StringBuilder ops = new StringBuilder();
        for (KernelCall n : chain) {
            in.addAll(n.inputs());
            outs.addAll(n.outputs());
            ops.append(ops.isEmpty() ? "" : " -> ").append(n.signature());
        }
        int numel = chain.getFirst().outputs().getFirst().numel();
        int inCount = in.size();
        boolean pure = chain.stream().allMatch(KernelCall::pure);
        boolean overwrites = chain.stream().allMatch(KernelCall::overwrites);
        KernelCall.Kernel kernel = (backend, views) -> {
            for (int start = 0; start < numel; start += TILE) {
                int len = Math.min(TILE, numel - start);
                int vi = 0, oi = inCount;
                for (KernelCall n : chain) {
                    StridedView[] tile = new StridedView[n.inputs().size() + 1];
                    for (int k = 0; k < n.inputs().size(); k++) tile[k] = slice(views[vi++], start, len);
                    tile[tile.length - 1] = slice(views[oi++], start, len);
                    n.kernel().run(backend, tile);
                }
            }
        };
        return new KernelCall("fused", ops.toString(), in, outs, pure, overwrites, kernel);
    }

    private static StridedView slice(StridedView v, int start, int len) {
        boolean scalar = true;
        for (int s : v.strides()) scalar &= s == 0;
        return scalar
                ? StridedView.of(v.storage(), new int[] {len}, new int[] {0}, v.offset())
                : StridedView.of(v.storage(), new int[] {len}, new int[] {1}, v.offset() + start);
    }
}
