package dev.descent.graph;

import dev.descent.backend.DType;
import dev.descent.backend.Storage;

/**
 * A flat buffer of the graph: the storage a kernel call reads or writes. Views of one buffer (its edges) share it.
 *
 * @param input the position among the graph's inputs for an {@link Kind#INPUT}, else -1
 * @param storage the storage kept for {@link Kind#STATE} and {@link Kind#CONST} buffers; null for the others
 */
public record Buffer(int id, DType dtype, int size, Kind kind, int input, Storage storage) {

    /** Where a buffer's contents come from. */
    public enum Kind {
        /** Bound to a new input tensor on every replay. */
        INPUT,
        /** Lives outside the graph (parameters, gradients, optimizer state): replays read and update it in place. */
        STATE,
        /** Fixed contents, made at trace time (a scalar from the host, or folded). */
        CONST,
        /** Made and used within one call: planned by the memory plan. */
        TEMP
    }

    Buffer withKind(Kind k, Storage s) {
        return new Buffer(id, dtype, size, k, input, s);
    }

    String label() {
        return switch (kind) {
            case INPUT -> "in" + input;
            case STATE -> "state" + id;
            case CONST -> "const" + id;
            case TEMP -> "t" + id;
        };
    }
}
