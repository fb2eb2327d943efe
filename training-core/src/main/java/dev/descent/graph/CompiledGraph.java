package dev.descent.graph;

import dev.descent.backend.Backend;
import dev.descent.backend.Storage;
import dev.descent.backend.StridedView;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A graph ready to replay, with its memory plan: temporaries whose lifetimes do not overlap share one buffer, and the
 * buffers are allocated once and reused by every replay (XLA's and TorchScript's static memory planning). Outputs get
 * fresh buffers each replay, since the caller keeps them. A replay checks its inputs' shapes and dtypes against the
 * trace and fails naming the first that differs.
 */
public final class CompiledGraph {
    private final Graph graph;
    private final Backend backend;
    /** Per buffer: the slot it lives in, -1 for inputs, state, constants and outputs. */
    private final int[] slotOf;

    private final List<Buffer> slotShapes = new ArrayList<>();
    private final boolean[] isOutput;
    /** Per node: the slots to zero before it runs (a reused buffer whose first use reads or accumulates). */
    private final int[][] zeroFirst;

    private Storage[] slots;
    /**
     * Per node: its views (inputs, then outputs), bound once to the buffers that stay put between replays (slots,
     * state, constants); the entries over a graph input or a fresh output are rebound every replay.
     */
    private StridedView[][] views;
    /** Per node: the positions in {@link #views} over a buffer that changes every replay; empty for most nodes. */
    private int[][] rebound;

    CompiledGraph(Graph graph) {
        this.graph = graph;
        this.backend = graph.backend();
        int nb = graph.buffers().size();
        this.slotOf = new int[nb];
        Arrays.fill(slotOf, -1);
        this.isOutput = new boolean[nb];
        for (Value e : graph.outputs()) isOutput[e.buffer()] = true;
        List<KernelCall> nodes = graph.nodes();
        int[] first = new int[nb], last = new int[nb];
        Arrays.fill(first, -1);
        for (int i = 0; i < nodes.size(); i++) {
            for (Value e : edges(nodes.get(i))) {
                if (first[e.buffer()] < 0) first[e.buffer()] = i;
                last[e.buffer()] = i;
            }
        }
        // Greedy interval allocation: walk the program; a temporary takes a free slot of its dtype and size, and hands
        // it back after its last use.
        Map<String, Deque<Integer>> free = new HashMap<>();
        List<List<Integer>> endingAt = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) endingAt.add(new ArrayList<>());
        List<List<Integer>> zero = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            zero.add(new ArrayList<>());
            for (Value e : edges(nodes.get(i))) {
                int b = e.buffer();
                Buffer buf = graph.buffers().get(b);
                if (first[b] != i || buf.kind() != Buffer.Kind.TEMP || isOutput[b] || slotOf[b] >= 0) continue;
                String key = buf.dtype() + ":" + buf.size();
                Deque<Integer> pool = free.get(key);
                int slot;
                if (pool != null && !pool.isEmpty()) {
                    slot = pool.pop();
                } else {
                    slot = slotShapes.size();
                    slotShapes.add(buf);
                }
                slotOf[b] = slot;
                if (!freshlyWritten(nodes.get(i), buf)) zero.get(i).add(slot);
                endingAt.get(last[b]).add(b);
            }
            for (int b : endingAt.get(i)) {
                Buffer buf = graph.buffers().get(b);
                free.computeIfAbsent(buf.dtype() + ":" + buf.size(), k -> new ArrayDeque<>())
                        .push(slotOf[b]);
            }
        }
        this.zeroFirst = new int[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++)
            zeroFirst[i] = zero.get(i).stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<Value> edges(KernelCall n) {
        List<Value> all = new ArrayList<>(n.inputs());
        all.addAll(n.outputs());
        return all;
    }

    /** Whether the node's first touch of the buffer writes all of it without reading it. */
    private static boolean freshlyWritten(KernelCall n, Buffer b) {
        if (!n.overwrites()) return false;
        for (Value in : n.inputs()) if (in.buffer() == b.id()) return false;
        for (Value out : n.outputs()) if (out.buffer() == b.id() && out.coversWhole(b.size())) return true;
        return false;
    }

    public Graph graph() {
        return graph;
    }

    /** How many temporaries the plan holds, and in how many buffers. */
    public String memoryPlan() {
        long temps = graph.buffers().stream()
                .filter(b -> b.kind() == Buffer.Kind.TEMP && slotOf[b.id()] >= 0)
                .count();
        long bytes = 0, unplanned = 0;
        for (Buffer b : slotShapes) bytes += (long) b.size() * b.dtype().byteSize();
        for (Buffer b : graph.buffers()) {
            if (b.kind() == Buffer.Kind.TEMP && slotOf[b.id()] >= 0)
                unplanned += (long) b.size() * b.dtype().byteSize();
        }
        return temps + " temporaries in " + slotShapes.size() + " reused buffers, " + bytes / 1024 + " KiB instead of "
                + unplanned / 1024 + " KiB";
    }

    /** Whether inputs of these shapes and dtypes can replay this graph. */
    public boolean accepts(Tensor... inputs) {
        return mismatch(inputs) == null;
    }

    private String mismatch(Tensor... inputs) {
        List<Value> expected = graph.inputs();
        if (inputs.length != expected.size())
            return "the graph takes " + expected.size() + " inputs, got " + inputs.length;
        for (int i = 0; i < inputs.length; i++) {
            Value e = expected.get(i);
            if (!Arrays.equals(inputs[i].sizes(), e.sizes()) || inputs[i].dtype() != e.dtype()) {
                return "input " + i + " has shape " + inputs[i].shape() + " "
                        + inputs[i].dtype().label()
                        + " but the graph was traced with " + Arrays.toString(e.sizes()) + " "
                        + e.dtype().label()
                        + "; trace it again for this shape";
            }
        }
        return null;
    }

    /** Replays the graph on new inputs of the traced shapes; returns its outputs (without autograd). */
    public Tensor[] run(Tensor... inputs) {
        String wrong = mismatch(inputs);
        if (wrong != null) throw new IllegalArgumentException(wrong);
        if (slots == null) bindOnce();
        Storage[] bound = new Storage[graph.buffers().size()];
        for (Value e : graph.outputs()) {
            Buffer b = graph.buffers().get(e.buffer());
            if (b.kind() == Buffer.Kind.TEMP && bound[b.id()] == null)
                bound[b.id()] = backend.allocate(b.dtype(), b.size());
        }
        for (int i = 0; i < inputs.length; i++) {
            bound[graph.inputs().get(i).buffer()] = Graph.dense(inputs[i]).storage();
        }
        List<KernelCall> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            for (int s : zeroFirst[i]) {
                backend.fill(StridedView.contiguous(slots[s], new int[] {slots[s].size()}), 0);
            }
            StridedView[] v = views[i];
            for (int k : rebound[i]) {
                Value e = edge(nodes.get(i), k);
                v[k] = e.bind(bound[e.buffer()]);
            }
            nodes.get(i).kernel().run(backend, v);
        }
        Tensor[] out = new Tensor[graph.outputs().size()];
        for (int i = 0; i < out.length; i++) {
            Value e = graph.outputs().get(i);
            Storage s = bound[e.buffer()];
            if (s == null) s = fixedStorage(graph.buffers().get(e.buffer()));
            out[i] = Tensor.of(s, Shape.of(s.size())).asStrided(e.sizes(), e.strides(), e.offset());
        }
        return out;
    }

    /**
     * Allocates the slots and binds every view over a buffer that stays put: a replay then only rebinds the views over
     * its inputs and fresh outputs, instead of making every node's views anew.
     */
    private void bindOnce() {
        slots = new Storage[slotShapes.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = backend.allocate(
                    slotShapes.get(i).dtype(), slotShapes.get(i).size());
        }
        List<KernelCall> nodes = graph.nodes();
        views = new StridedView[nodes.size()][];
        rebound = new int[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++) {
            KernelCall n = nodes.get(i);
            int edges = n.inputs().size() + n.outputs().size();
            views[i] = new StridedView[edges];
            int[] changing = new int[edges];
            int count = 0;
            for (int k = 0; k < edges; k++) {
                Value e = edge(n, k);
                Storage fixed = fixedStorage(graph.buffers().get(e.buffer()));
                if (fixed != null) views[i][k] = e.bind(fixed);
                else changing[count++] = k;
            }
            rebound[i] = Arrays.copyOf(changing, count);
        }
    }

    /** The storage a buffer has in every replay, or null for a graph input or an output that is fresh each time. */
    private Storage fixedStorage(Buffer b) {
        if (b.storage() != null) return b.storage();
        if (slotOf[b.id()] >= 0) return slots[slotOf[b.id()]];
        return null;
    }

    /** Edge k of a node: its inputs, then its outputs. */
    private static Value edge(KernelCall n, int k) {
        int ins = n.inputs().size();
        return k < ins ? n.inputs().get(k) : n.outputs().get(k - ins);
    }
}
