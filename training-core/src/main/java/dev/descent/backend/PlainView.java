package dev.descent.backend;

import java.util.Arrays;

/** The {@link StridedView} that kernels make for themselves: a geometry over a storage, nothing more. */
record PlainView(Storage storage, int[] sizes, int[] strides, int offset) implements StridedView {

    PlainView {
        if (strides.length != sizes.length)
            throw new IllegalArgumentException("view: " + sizes.length + " sizes but " + strides.length + " strides");
        long max = offset, n = 1;
        for (int d = 0; d < sizes.length; d++) {
            if (sizes[d] < 0) throw new IllegalArgumentException("view: negative size in " + Arrays.toString(sizes));
            if (sizes[d] > 0) max += (long) (sizes[d] - 1) * strides[d];
            n *= sizes[d];
        }
        if (n > 0 && (offset < 0 || max >= storage.size())) {
            throw new IllegalArgumentException("view: sizes " + Arrays.toString(sizes) + " strides "
                    + Arrays.toString(strides) + " offset " + offset + " reach outside a storage of " + storage.size()
                    + " elements");
        }
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    @Override
    public int[] strides() {
        return strides.clone();
    }

    @Override
    public int dim() {
        return sizes.length;
    }

    @Override
    public int numel() {
        int n = 1;
        for (int s : sizes) n *= s;
        return n;
    }

    @Override
    public int size(int d) {
        return sizes[normalize(d)];
    }

    @Override
    public int stride(int d) {
        return strides[normalize(d)];
    }

    @Override
    public boolean isContiguous() {
        int expected = 1;
        for (int d = sizes.length - 1; d >= 0; d--) {
            if (sizes[d] == 1) continue;
            if (strides[d] != expected) return false;
            expected *= sizes[d];
        }
        return true;
    }

    /** As {@code Shape.normalize}: a 0-dim view takes 0 and -1. */
    private int normalize(int d) {
        int range = Math.max(sizes.length, 1);
        int n = d < 0 ? d + range : d;
        if (n < 0 || n >= range) {
            throw new IndexOutOfBoundsException("dimension out of range (expected to be in range of [" + -range + ", "
                    + (range - 1) + "], but got " + d + ")");
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "view " + Arrays.toString(sizes) + " strides " + Arrays.toString(strides) + " offset " + offset + " of "
                + storage.dtype().label() + " storage[" + storage.size() + "]";
    }
}
