package dev.descent.tensor;

import java.util.Arrays;

/** An immutable list of dimension sizes. A 0-dim shape describes a scalar. */
public final class Shape {
    public static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final int numel;

    private Shape(int[] dims) {
        boolean empty = false;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0)
                throw new IllegalArgumentException(
                        "negative dimension " + dims[i] + " at index " + i + " in " + Arrays.toString(dims));
            empty |= dims[i] == 0;
        }
        // A zero anywhere makes the tensor empty, however large the other sizes are (as in PyTorch).
        long n = empty ? 0 : 1;
        for (int i = 0; i < dims.length && !empty; i++) {
            n *= dims[i];
            if (n > Integer.MAX_VALUE)
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has more than 2^31-1 elements");
        }
        this.dims = dims;
        this.numel = (int) n;
    }

    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    public int dim() {
        return dims.length;
    }

    public int numel() {
        return numel;
    }

    /** Size of dimension {@code d}; negative {@code d} counts from the end. */
    public int size(int d) {
        return dims[normalize(d)];
    }

    public int[] toArray() {
        return dims.clone();
    }

    /** Maps a possibly negative dimension index into [0, dim()), with PyTorch's error when out of range. */
    public int normalize(int d) {
        // A 0-dim shape takes 0 and -1, as if it had one dimension (PyTorch's wrap_dim).
        int range = Math.max(dims.length, 1);
        int n = d < 0 ? d + range : d;
        if (n < 0 || n >= range) {
            throw new IndexOutOfBoundsException("dimension out of range (expected to be in range of [" + -range + ", "
                    + (range - 1) + "], but got " + d + ")");
        }
        return n;
    }

    /** Row-major (C-order) strides for this shape. */
    public int[] contiguousStrides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(dims[i], 1);
        }
        return s;
    }

    public Shape with(int d, int size) {
        int[] n = dims.clone();
        n[normalize(d)] = size;
        return new Shape(n);
    }

    /** NumPy broadcasting: align from the right; sizes must match or one of them be 1. */
    public static Shape broadcast(Shape a, Shape b) {
        if (a.equals(b)) return a;
        int rank = Math.max(a.dim(), b.dim());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.dim() ? 1 : a.dims[i - (rank - a.dim())];
            int db = i < rank - b.dim() ? 1 : b.dims[i - (rank - b.dim())];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + a + " and " + b + " cannot be broadcast: size " + da
                        + " vs " + db + " at dimension " + i + " of the result");
            }
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    public boolean isScalar() {
        return dims.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
