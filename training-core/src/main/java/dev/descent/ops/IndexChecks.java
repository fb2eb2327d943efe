package dev.descent.ops;

import dev.descent.tensor.Tensor;

/** Argument checks shared by the indexing ops, so a bad index fails with a message instead of a wrong read. */
final class IndexChecks {
    private IndexChecks() {}

    static void checkIndex(String op, Tensor x, int dim, Tensor index) {
        if (index.dim() > 1) throw new IllegalArgumentException(op + ": index must be 1-D, got shape " + index.shape());
        checkRange(op, index, x.size(dim), dim);
    }

    static void checkGather(String op, Tensor x, int dim, Tensor index) {
        if (index.dim() != x.dim()) {
            throw new IllegalArgumentException(
                    op + ": index " + index.shape() + " must have as many dimensions as the input " + x.shape());
        }
        for (int d = 0; d < x.dim(); d++) {
            if (d != dim && index.size(d) > x.size(d)) {
                throw new IllegalArgumentException(op + ": index size " + index.size(d) + " exceeds input size "
                        + x.size(d) + " at dimension " + d);
            }
        }
        checkRange(op, index, x.size(dim), dim);
    }

    static void checkScatter(String op, Tensor self, int dim, Tensor index, Tensor src) {
        checkGather(op, self, dim, index);
        for (int d = 0; d < index.dim(); d++) {
            if (index.size(d) > src.size(d)) {
                throw new IllegalArgumentException(op + ": index size " + index.size(d) + " exceeds source size "
                        + src.size(d) + " at dimension " + d);
            }
        }
    }

    private static void checkRange(String op, Tensor index, int size, int dim) {
        if (index.numel() == 0) return;
        long lo = index.min().itemLong(), hi = index.max().itemLong();
        if (lo < 0 || hi >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + (lo < 0 ? lo : hi)
                    + " is out of bounds for dimension " + dim + " with size " + size);
        }
    }
}
