package dev.descent.graph;

import dev.descent.backend.Backend;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The graph IR: buffers (what storage holds the data), nodes (kernel calls in program order, with attributes) and edges
 * (views of a buffer with shape, strides and dtype). Nodes run in the order listed, so in-place updates of state (an
 * optimizer's step) keep their place. Immutable; {@link Passes} return new graphs.
 */
public record Graph(
        Backend backend,
        List<Buffer> buffers,
        List<KernelCall> nodes,
        List<Value> inputs,
        List<Value> outputs,
        List<String> warnings,
        List<Tensor> tracedResults) {

    public Graph {
        buffers = List.copyOf(buffers);
        nodes = List.copyOf(nodes);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        warnings = List.copyOf(warnings);
        tracedResults = List.copyOf(tracedResults);
    }

    /** What the traced call itself returned (it ran for real while it was recorded). */
    public Tensor[] tracedOutputs() {
        return tracedResults.toArray(Tensor[]::new);
    }

    Graph with(List<Buffer> newBuffers, List<KernelCall> newNodes, List<Value> newOutputs) {
        return new Graph(backend, newBuffers, newNodes, inputs, newOutputs, warnings, tracedResults);
    }

    /** The optimised graph: every pass of {@link Passes}, in order. */
    public Graph optimize() {
        return Passes.all(this);
    }

    /** A replayable form with a memory plan. */
    public CompiledGraph compile() {
        return new CompiledGraph(this);
    }

    /** Trace, optimise and compile in one go. */
    public static CompiledGraph compile(java.util.function.Function<Tensor[], Tensor[]> step, Tensor... inputs) {
        return Tracer.trace(step, inputs).optimize().compile();
    }

    /**
     * The ops, attributes and buffer kinds in order, without buffer numbers: two traces of a step with the same
     * signature replay alike, one whose scalars changed between steps (a bias correction, a scheduled learning rate)
     * does not.
     */
    public String signature() {
        StringBuilder sb = new StringBuilder();
        for (KernelCall n : nodes) {
            sb.append(n.signature()).append(' ');
            for (Value e : n.inputs()) sb.append(buffers.get(e.buffer()).kind()).append(e.geometry());
            sb.append('\n');
        }
        return sb.toString();
    }

    /** How many kernel calls a replay makes. */
    public int size() {
        return nodes.size();
    }

    /** The IR as text, one node a line: {@code t5 = add(t3 [64, 128], const2 []) alpha=...}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("graph(");
        for (int i = 0; i < inputs.size(); i++) sb.append(i > 0 ? ", " : "").append(edge(inputs.get(i)));
        sb.append(") on ")
                .append(backend.name())
                .append(", ")
                .append(nodes.size())
                .append(" nodes\n");
        for (KernelCall n : nodes) {
            sb.append("  ");
            for (int i = 0; i < n.outputs().size(); i++)
                sb.append(i > 0 ? ", " : "").append(edge(n.outputs().get(i)));
            sb.append(" = ").append(n.op()).append('(');
            for (int i = 0; i < n.inputs().size(); i++)
                sb.append(i > 0 ? ", " : "").append(edge(n.inputs().get(i)));
            sb.append(')');
            if (!n.attrs().isEmpty()) sb.append("  {").append(n.attrs()).append('}');
            sb.append('\n');
        }
        sb.append("  return ");
        for (int i = 0; i < outputs.size(); i++) sb.append(i > 0 ? ", " : "").append(edge(outputs.get(i)));
        return sb.append('\n').toString();
    }

    String edge(Value e) {
        return buffers.get(e.buffer()).label() + ":" + e.dtype().label() + Arrays.toString(e.sizes());
    }

    /** Graphviz DOT: a box per node, an edge per buffer read, state and inputs as ellipses. */
    public String toDot() {
        StringBuilder sb = new StringBuilder("digraph descent {\n  rankdir=TB;\n  node [fontname=Helvetica];\n");
        int[] writer = new int[buffers.size()];
        Arrays.fill(writer, -1);
        for (int i = 0; i < nodes.size(); i++) {
            KernelCall n = nodes.get(i);
            String label =
                    n.op() + (n.attrs().isEmpty() ? "" : "\\n" + n.attrs().replace("\"", "'"));
            sb.append(String.format(Locale.ROOT, "  n%d [shape=box,label=\"%s\"];%n", i, label));
            for (Value e : n.inputs()) {
                int w = writer[e.buffer()];
                String from = w >= 0 ? "n" + w : "b" + e.buffer();
                if (w < 0) {
                    sb.append(String.format(Locale.ROOT, "  b%d [shape=ellipse,label=\"%s\"];%n", e.buffer(), edge(e)));
                }
                sb.append(String.format(
                        Locale.ROOT, "  %s -> n%d [label=\"%s\"];%n", from, i, Arrays.toString(e.sizes())));
            }
            for (Value e : n.outputs()) writer[e.buffer()] = i;
        }
        return sb.append("}\n").toString();
    }

    /** The tensor as a dense row-major copy when it is not one already (inputs bind as whole buffers). */
    static Tensor dense(Tensor t) {
        Tensor c = t.detach().contiguous();
        return c.offset() == 0 && c.storage().size() == c.numel() ? c : c.clone();
    }
}
