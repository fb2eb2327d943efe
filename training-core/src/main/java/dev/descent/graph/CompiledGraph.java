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
        if (slots == null) {
            slots = new Storage[slotShapes.size()];
            for (int i = 0; i < slots.length; i++) {
                slots[i] = backend.allocate(
                        slotShapes.get(i).dtype(), slotShapes.get(i).size());
            }
        }
        Storage[] bound = new Storage[graph.buffers().size()];
        for (Buffer b : graph.buffers()) {
            if (b.storage() != null) bound[b.id()] = b.storage();
            else if (slotOf[b.id()] >= 0) bound[b.id()] = slots[slotOf[b.id()]];
            else if (b.kind() == Buffer.Kind.TEMP && isOutput[b.id()])
                bound[b.id()] = backend.allocate(b.dtype(), b.size());
        }
        for (int i = 0; i < inputs.length; i++) {
            bound[graph.inputs().get(i).buffer()] = Graph.dense(inputs[i]).storage();
        }
        List<KernelCall> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            KernelCall n = nodes.get(i);
            for (int s : zeroFirst[i]) {
                backend.fill(StridedView.contiguous(slots[s], new int[] {slots[s].size()}), 0);
            }
            StridedView[] views =
                    new StridedView[n.inputs().size() + n.outputs().size()];
            int k = 0;
            for (Value e : n.inputs()) views[k++] = e.bind(bound[e.buffer()]);
            for (Value e : n.outputs()) views[k++] = e.bind(bound[e.buffer()]);
            n.kernel().run(backend, views);
        }
        Tensor[] out = new Tensor[graph.outputs().size()];
        for (int i = 0; i < out.length; i++) {
            Value e = graph.outputs().get(i);
            Storage s = bound[e.buffer()];
            out[i] = Tensor.of(s, Shape.of(s.size())).asStrided(e.sizes(), e.strides(), e.offset());
        }
        return out;
    }
}
