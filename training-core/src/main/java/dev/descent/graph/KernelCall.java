package dev.descent.graph;

import dev.descent.backend.Backend;
import dev.descent.backend.StridedView;
import java.util.List;

/**
 * One kernel call: the op, its attributes (what the call passed besides tensors, as text for printing and matching),
 * the edges it reads and the edges it writes, and how to run it again.
 *
 * @param pure whether the call depends on its inputs only (a random fill is not)
 * @param overwrites whether the call writes every element of its outputs without reading them first (a fresh result),
 *     as opposed to accumulating into them or writing part of a buffer
 */
public record KernelCall(
        String op,
        String attrs,
        List<Value> inputs,
        List<Value> outputs,
        boolean pure,
        boolean overwrites,
        Kernel kernel) {

    /** Runs the call on {@code backend}; {@code views} are the inputs followed by the outputs. */
    @FunctionalInterface
    public interface Kernel {
        void run(Backend backend, StridedView[] views);
    }

    KernelCall withEdges(List<Value> in, List<Value> out) {
        return new KernelCall(op, attrs, in, out, pure, overwrites, kernel);
    }

    /** The op and attributes, without edges: what CSE and the trace comparison match on. */
    String signature() {
        return attrs.isEmpty() ? op : op + "(" + attrs + ")";
    }
}
