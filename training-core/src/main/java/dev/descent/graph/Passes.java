package dev.descent.graph;

import dev.descent.backend.Storage;
import dev.descent.backend.StridedView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph optimisations, each a function from graph to graph that keeps what a replay computes: constant folding,
 * common-subexpression elimination, dead-code elimination, GEMM epilogues ({@link GemmEpilogues}) and elementwise
 * fusion ({@link Fusion}).
 */
public final class Passes {
    private Passes() {}

    /** Every pass, in an order where each one's leftovers feed the next. */
    public static Graph all(Graph g) {
        return Fusion.fuseElementwise(gemmEpilogues(deadCode(commonSubexpressions(foldConstants(g)))));
    }

    /**
     * Folds a bias addition and a ReLU that follow a matrix product into the product's store ({@link GemmEpilogues}).
     */
    public static Graph gemmEpilogues(Graph g) {
        return GemmEpilogues.fuse(g);
    }

    /**
     * Removes kernel calls whose results nothing needs: not an output, not state outside the graph, not read by a call
     * that is needed. Random fills stay (they advance a generator).
     */
    public static Graph deadCode(Graph g) {
        Set<Integer> needed = new HashSet<>();
        for (Value e : g.outputs()) needed.add(e.buffer());
        List<KernelCall> kept = new ArrayList<>();
        List<KernelCall> nodes = g.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            KernelCall n = nodes.get(i);
            boolean live = !n.pure();
            for (Value e : n.outputs()) {
                live |= needed.contains(e.buffer())
                        || g.buffers().get(e.buffer()).kind() == Buffer.Kind.STATE;
            }
            if (!live) continue;
            kept.add(n);
            for (Value e : n.inputs()) needed.add(e.buffer());
        }
        java.util.Collections.reverse(kept);
        return g.with(g.buffers(), kept, g.outputs());
    }

    /**
     * Computes once, at optimisation time, every call whose inputs are constants (a scalar from the host and what is
     * derived from it alone), turning its result into a constant.
     */
    public static Graph foldConstants(Graph g) {
        int[] writers = writers(g);
        List<Buffer> buffers = new ArrayList<>(g.buffers());
        List<KernelCall> kept = new ArrayList<>();
        for (KernelCall n : g.nodes()) {
            if (foldable(n, buffers, writers)) {
                StridedView[] views =
                        new StridedView[n.inputs().size() + n.outputs().size()];
                int k = 0;
                for (Value e : n.inputs())
                    views[k++] = e.bind(buffers.get(e.buffer()).storage());
                List<Storage> made = new ArrayList<>();
                for (Value e : n.outputs()) {
                    Buffer b = buffers.get(e.buffer());
                    Storage s = g.backend().allocate(b.dtype(), b.size());
                    made.add(s);
                    views[k++] = e.bind(s);
                }
                n.kernel().run(g.backend(), views);
                for (int i = 0; i < made.size(); i++) {
                    Buffer b = buffers.get(n.outputs().get(i).buffer());
                    buffers.set(b.id(), b.withKind(Buffer.Kind.CONST, made.get(i)));
                }
            } else {
                kept.add(n);
            }
        }
        return g.with(buffers, kept, g.outputs());
    }

    private static boolean foldable(KernelCall n, List<Buffer> buffers, int[] writers) {
        if (!n.pure() || !n.overwrites()) return false;
        for (Value e : n.inputs()) {
            Buffer b = buffers.get(e.buffer());
            if (b.kind() != Buffer.Kind.CONST || writers[b.id()] > 0) return false;
        }
        return freshResults(n, buffers, writers);
    }

    /** Whether every output is a whole temporary buffer that only this call writes. */
    private static boolean freshResults(KernelCall n, List<Buffer> buffers, int[] writers) {
        for (Value e : n.outputs()) {
            Buffer b = buffers.get(e.buffer());
            if (b.kind() != Buffer.Kind.TEMP || writers[b.id()] != 1 || !e.coversWhole(b.size())) return false;
            for (Value in : n.inputs()) if (in.buffer() == b.id()) return false;
        }
        return true;
    }

    /**
     * Runs a call once when an earlier call did the same op with the same attributes on the same unchanged inputs,
     * reading the earlier result instead.
     */
    public static Graph commonSubexpressions(Graph g) {
        int[] writers = writers(g);
        int[] version = new int[g.buffers().size()];
        int[] remap = new int[g.buffers().size()];
        for (int i = 0; i < remap.length; i++) remap[i] = i;
        Map<String, KernelCall> seen = new HashMap<>();
        List<KernelCall> kept = new ArrayList<>();
        for (KernelCall raw : g.nodes()) {
            KernelCall n = raw.withEdges(remapped(raw.inputs(), remap), remapped(raw.outputs(), remap));
            boolean candidate = n.pure() && n.overwrites() && freshResults(n, g.buffers(), writers);
            String key = null;
            if (candidate) {
                StringBuilder sb = new StringBuilder(n.signature());
                for (Value e : n.inputs()) {
                    sb.append('|')
                            .append(e.buffer())
                            .append('v')
                            .append(version[e.buffer()])
                            .append(e.dtype())
                            .append(e.geometry());
                }
                for (Value e : n.outputs()) sb.append("->").append(e.dtype()).append(e.geometry());
                key = sb.toString();
                KernelCall earlier = seen.get(key);
                if (earlier != null) {
                    for (int k = 0; k < n.outputs().size(); k++) {
                        remap[n.outputs().get(k).buffer()] =
                                earlier.outputs().get(k).buffer();
                    }
                    continue;
                }
            }
            for (Value e : n.outputs()) version[e.buffer()]++;
            if (key != null) seen.put(key, n);
            kept.add(n);
        }
        return g.with(g.buffers(), kept, remapped(g.outputs(), remap));
    }

    private static List<Value> remapped(List<Value> edges, int[] remap) {
        List<Value> out = new ArrayList<>(edges.size());
        for (Value e : edges) out.add(remap[e.buffer()] == e.buffer() ? e : e.onBuffer(remap[e.buffer()]));
        return out;
    }

    /** How many calls write each buffer. */
    static int[] writers(Graph g) {
        int[] w = new int[g.buffers().size()];
        for (KernelCall n : g.nodes()) {
            Set<Integer> once = new HashSet<>();
            for (Value e : n.outputs()) if (once.add(e.buffer())) w[e.buffer()]++;
        }
        return w;
    }
}
