package dev.descent.graph;

import dev.descent.backend.DType;
import dev.descent.backend.Storage;
import dev.descent.backend.StridedView;
import java.util.Arrays;

/** An edge of the graph: a view (sizes, strides, offset) over one {@link Buffer}, with the buffer's dtype. */
public record Value(int buffer, DType dtype, int[] sizes, int[] strides, int offset) {

    StridedView bind(Storage storage) {
        return StridedView.of(storage, sizes, strides, offset);
    }

    int numel() {
        int n = 1;
        for (int s : sizes) n *= s;
        return n;
    }

    /** Whether this view covers its whole buffer of {@code size} elements, each once, in row-major order. */
    boolean coversWhole(int size) {
        if (offset != 0 || numel() != size) return false;
        int expected = 1;
        for (int d = sizes.length - 1; d >= 0; d--) {
            if (sizes[d] != 1 && strides[d] != expected) return false;
            expected *= sizes[d];
        }
        return true;
    }

    String geometry() {
        return Arrays.toString(sizes) + "/" + Arrays.toString(strides) + "@" + offset;
    }

    Value onBuffer(int b) {
        return new Value(b, dtype, sizes, strides, offset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Value e
                && e.buffer == buffer
                && e.dtype == dtype
                && e.offset == offset
                && Arrays.equals(e.sizes, sizes)
                && Arrays.equals(e.strides, strides);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * buffer + Arrays.hashCode(sizes)) + Arrays.hashCode(strides) + offset;
    }

    @Override
    public String toString() {
        return "Value[" + buffer + " " + dtype.label() + " " + geometry() + "]";
    }
}
