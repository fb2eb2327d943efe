package dev.descent.graph;

import dev.descent.backend.Storage;
import dev.descent.backend.StridedView;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/** What a trace collects while it runs: the buffers by storage, the kernel calls in order, and the host reads. */
final class Recording {
    final IdentityHashMap<Storage, Buffer> buffers = new IdentityHashMap<>();
    final List<Buffer> byId = new ArrayList<>();
    final List<KernelCall> nodes = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    Buffer add(Storage s, Buffer.Kind kind, int input) {
        Buffer b = new Buffer(
                byId.size(),
                s.dtype(),
                s.size(),
                kind,
                input,
                kind == Buffer.Kind.TEMP || kind == Buffer.Kind.INPUT ? null : s);
        buffers.put(s, b);
        byId.add(b);
        return b;
    }

    void allocated(Storage s) {
        add(s, Buffer.Kind.TEMP, -1);
    }

    void constant(Storage s) {
        add(s, Buffer.Kind.CONST, -1);
    }

    void readBack(StridedView v) {
        String where = StackWalker.getInstance()
                .walk(frames -> frames.map(StackWalker.StackFrame::toStackTraceElement)
                        .filter(e -> !e.getClassName().startsWith("dev.descent.graph.")
                                && !e.getClassName().startsWith("dev.descent.tensor.")
                                && !e.getClassName().startsWith("dev.descent.ops."))
                        .findFirst()
                        .map(StackTraceElement::toString)
                        .orElse("?"));
        warnings.add("a value of shape " + java.util.Arrays.toString(v.sizes()) + " was read back to Java (item() or"
                + " toHost) at " + where + ": Java control flow that depends on it is frozen at trace time");
    }

    void call(
            String op,
            String attrs,
            List<StridedView> in,
            List<StridedView> out,
            boolean pure,
            boolean overwrites,
            KernelCall.Kernel kernel) {
        nodes.add(new KernelCall(op, attrs, edges(in), edges(out), pure, overwrites, kernel));
    }

    private List<Value> edges(List<StridedView> views) {
        List<Value> edges = new ArrayList<>(views.size());
        for (StridedView v : views) {
            Buffer b = buffers.get(v.storage());
            // A storage the trace did not make lives outside it: a parameter, a gradient, optimizer state.
            if (b == null) b = add(v.storage(), Buffer.Kind.STATE, -1);
            edges.add(new Value(b.id(), v.dtype(), v.sizes(), v.strides(), v.offset()));
        }
        return edges;
    }
}
