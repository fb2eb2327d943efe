package dev.descent.graph;

import dev.descent.backend.Backend;
import dev.descent.backend.KernelHook;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.Function;

/**
 * Records one call of a function over tensors as a {@link Graph}, as {@code torch.jit.trace} and {@code tf.function}
 * do: the function runs once for real (its effects happen), and every kernel it reaches, through autograd's backward
 * and an optimizer's fused updates too, becomes a node. Java control flow is frozen at what it did this once; a value
 * read back with {@code item()} during the trace is reported in {@link Graph#warnings()}.
 */
public final class Tracer {
    private Tracer() {}

    /** Traces {@code step} on {@code inputs}; the graph's outputs are the tensors it returns. */
    public static Graph trace(Function<Tensor[], Tensor[]> step, Tensor... inputs) {
        Tensor[] in = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) in[i] = Graph.dense(inputs[i]);
        Recording rec = new Recording();
        for (int i = 0; i < in.length; i++) {
            if (rec.buffers.containsKey(in[i].storage()))
                throw new IllegalArgumentException("inputs " + i + " and an earlier one share storage; pass copies");
            rec.add(in[i].storage(), dev.descent.graph.Buffer.Kind.INPUT, i);
        }
        IdentityHashMap<Backend, Backend> wrappers = new IdentityHashMap<>();
        Tensor[] out;
        try (var _ = KernelHook.install(real -> real instanceof RecordingBackend
                ? real
                : wrappers.computeIfAbsent(real, r -> new RecordingBackend(r, rec)))) {
            out = step.apply(in);
        }
        if (out == null || out.length == 0) throw new IllegalArgumentException("the traced function returned nothing");
        List<Value> outputs = new ArrayList<>();
        for (Tensor t : out) {
            Buffer b = rec.buffers.get(t.storage());
            if (b == null) b = rec.add(t.storage(), Buffer.Kind.STATE, -1);
            outputs.add(new Value(b.id(), t.dtype(), t.sizes(), t.strides(), t.offset()));
        }
        List<Value> ins = new ArrayList<>();
        for (Tensor t : in) ins.add(new Value(rec.buffers.get(t.storage()).id(), t.dtype(), t.sizes(), t.strides(), 0));
        Backend backend =
                in.length > 0 ? in[0].storage().backend() : out[0].storage().backend();
        return new Graph(backend, rec.byId, rec.nodes, ins, outputs, rec.warnings, List.of(out));
    }
}
