package dev.descent.graph;

import dev.descent.backend.Epilogue;
import java.util.ArrayList;
import java.util.List;

/**
 * GEMM epilogue fusion: a product followed by the addition of a bias broadcast over its rows and then a ReLU, each
 * reading only the fresh result of the one before, becomes one matmul node whose kernel adds the bias and clamps while
 * it stores C ({@link Epilogue}); a product already carrying its bias (a dense layer) takes the ReLU alone. The
 * epilogue uses the separate kernels' own operations, so the bits stay those of the unfused chain.
 *
 * <p>In a training step the ReLU's backward reads the pre-activation x too. It only asks whether x > 0, which holds
 * exactly when relu(x) > 0 (NaN fails both), so those reads move to the ReLU's output and the pre-activation need not
 * exist at all.
 */
final class GemmEpilogues {
    private GemmEpilogues() {}

    static Graph fuse(Graph g) {
        List<KernelCall> nodes = g.nodes();
        int[] writers = Passes.writers(g);
        List<List<Integer>> users = new ArrayList<>();
        for (int b = 0; b < g.buffers().size(); b++) users.add(new ArrayList<>());
        for (int i = 0; i < nodes.size(); i++) {
            for (Value e : nodes.get(i).inputs()) addOnce(users.get(e.buffer()), i);
            for (Value e : nodes.get(i).outputs()) addOnce(users.get(e.buffer()), i);
        }
        boolean[] isOutput = new boolean[g.buffers().size()];
        for (Value e : g.outputs()) isOutput[e.buffer()] = true;
        KernelCall[] result = nodes.toArray(KernelCall[]::new);
        boolean[] touched = new boolean[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            KernelCall n = nodes.get(i);
            if (touched[i] || !n.op().equals("matmul")) continue;
            if (!n.attrs().isEmpty() && !n.attrs().equals("bias")) continue;
            Value a = n.inputs().get(0), b = n.inputs().get(1);
            Value bias = n.inputs().size() > 2 ? n.inputs().get(2) : null;
            Value product = n.outputs().getFirst();
            Epilogue.Activation act = Epilogue.Activation.NONE;
            Value current = product;
            int writer = i;
            List<Integer> absorbed = new ArrayList<>();
            List<Integer> reluBackwards = List.of();
            while (act == Epilogue.Activation.NONE) {
                int buf = current.buffer();
                Buffer cb = g.buffers().get(buf);
                if (cb.kind() != Buffer.Kind.TEMP || isOutput[buf] || writers[buf] != 1) break;
                List<Integer> readers = new ArrayList<>(users.get(buf));
                readers.remove(Integer.valueOf(writer));
                if (readers.isEmpty() || readers.getFirst() < writer) break;
                int next = readers.getFirst();
                KernelCall m = nodes.get(next);
                if (touched[next] || m.outputs().size() != 1) break;
                Value out = m.outputs().getFirst();
                if (!freshResult(out, product, g, writers)) break;
                if (m.op().equals("add") && m.attrs().isEmpty() && bias == null && readers.size() == 1) {
                    Value v = broadcastBias(m, current, g);
                    if (v == null || out.sizes()[out.sizes().length - 1] != columns(product)) break;
                    bias = v;
                } else if (m.op().equals("relu") && m.attrs().isEmpty()) {
                    if (!wholeView(m.inputs().getFirst(), current, g)) break;
                    List<Integer> rest = readers.subList(1, readers.size());
                    if (!reluBackwardsOnly(rest, nodes, touched, current, g)) break;
                    act = Epilogue.Activation.RELU;
                    reluBackwards = List.copyOf(rest);
                } else {
                    break;
                }
                absorbed.add(next);
                current = out;
                writer = next;
            }
            if (absorbed.isEmpty()) continue;
            int last = absorbed.getLast();
            if (!unchangedBetween(nodes, i, last, a, b, bias)) continue;
            List<Value> in = new ArrayList<>(List.of(a, b));
            if (bias != null) in.add(bias);
            Value target =
                    new Value(current.buffer(), current.dtype(), product.sizes(), product.strides(), product.offset());
            String attrs = new Epilogue(null, act).describe();
            if (bias != null) attrs = attrs.isEmpty() ? "bias" : "bias, " + attrs;
            KernelCall fused = new KernelCall(
                    "matmul", attrs, in, List.of(target), true, true, RecordingBackend.matmulKernel(bias != null, act));
            result[i] = null;
            touched[i] = true;
            for (int k : absorbed) {
                result[k] = null;
                touched[k] = true;
            }
            // The fused node runs where the chain's last call did: its result is written where it was before.
            result[last] = fused;
            for (int k : reluBackwards) {
                KernelCall rb = result[k];
                List<Value> ins = new ArrayList<>(rb.inputs());
                Value saved = ins.get(1);
                ins.set(1, new Value(current.buffer(), saved.dtype(), saved.sizes(), saved.strides(), 0));
                result[k] = rb.withEdges(ins, rb.outputs());
                touched[k] = true;
            }
        }
        List<KernelCall> kept = new ArrayList<>();
        for (KernelCall n : result) if (n != null) kept.add(n);
        return g.with(g.buffers(), kept, g.outputs());
    }

    private static void addOnce(List<Integer> list, int i) {
        if (list.isEmpty() || list.getLast() != i) list.add(i);
    }

    private static int columns(Value v) {
        return v.sizes()[v.sizes().length - 1];
    }

    /** Whether {@code v} reads all of {@code of}'s buffer in row-major order, as {@code of} was written. */
    private static boolean wholeView(Value v, Value of, Graph g) {
        return v.buffer() == of.buffer()
                && v.dtype() == of.dtype()
                && v.coversWhole(g.buffers().get(v.buffer()).size());
    }

    /** A whole, dense temporary of the product's size and dtype that only its call writes. */
    private static boolean freshResult(Value out, Value product, Graph g, int[] writers) {
        Buffer b = g.buffers().get(out.buffer());
        return b.kind() == Buffer.Kind.TEMP
                && writers[out.buffer()] == 1
                && out.coversWhole(b.size())
                && out.numel() == product.numel()
                && out.dtype() == product.dtype();
    }

    /**
     * The bias of {@code add(current, bias)} or {@code add(bias, current)} (IEEE addition commutes) as a vector, when
     * it is broadcast over every dimension but the last; else null.
     */
    private static Value broadcastBias(KernelCall add, Value current, Graph g) {
        List<Value> in = add.inputs();
        int self = wholeView(in.get(0), current, g) ? 0 : wholeView(in.get(1), current, g) ? 1 : -1;
        if (self < 0) return null;
        Value other = in.get(1 - self);
        if (other.buffer() == current.buffer() || other.dtype() != current.dtype()) return null;
        int[] sizes = other.sizes(), strides = other.strides();
        if (!java.util.Arrays.equals(sizes, add.outputs().getFirst().sizes())) return null;
        for (int d = 0; d < sizes.length - 1; d++) if (strides[d] != 0 && sizes[d] != 1) return null;
        int last = sizes.length - 1;
        return new Value(
                other.buffer(), other.dtype(), new int[] {sizes[last]}, new int[] {strides[last]}, other.offset());
    }

    /** Whether every one of {@code readers} is a ReLU backward that reads {@code x} whole as its saved input. */
    private static boolean reluBackwardsOnly(
            List<Integer> readers, List<KernelCall> nodes, boolean[] touched, Value x, Graph g) {
        for (int k : readers) {
            KernelCall n = nodes.get(k);
            if (touched[k] || !n.op().equals("relu_backward") || n.inputs().size() != 2) return false;
            if (n.inputs().get(0).buffer() == x.buffer()
                    || !wholeView(n.inputs().get(1), x, g)) return false;
            for (Value o : n.outputs()) if (o.buffer() == x.buffer()) return false;
        }
        return true;
    }

    /** Whether no call between {@code from} and {@code to} writes an operand the fused product reads. */
    private static boolean unchangedBetween(List<KernelCall> nodes, int from, int to, Value a, Value b, Value bias) {
        for (int k = from + 1; k < to; k++) {
            for (Value o : nodes.get(k).outputs()) {
                int w = o.buffer();
                if (w == a.buffer() || w == b.buffer() || (bias != null && w == bias.buffer())) return false;
            }
        }
        return true;
    }
}
