package dev.descent.backend;

/**
 * A flat buffer of elements owned by a backend. Tensors are views over a storage (shape, strides, offset), so every
 * view of a tensor shares its storage and its version counter.
 */
public abstract class Storage {
    private final DType dtype;
    private final int size;
    private int version;

    protected Storage(DType dtype, int size) {
        this.dtype = dtype;
        this.size = size;
    }

    public abstract Backend backend();

    public final DType dtype() {
        return dtype;
    }

    public final int size() {
        return size;
    }

    /** Counts in-place writes, so autograd can tell that a tensor it saved for backward has changed. */
    public final int version() {
        return version;
    }

    public final void bumpVersion() {
        version++;
    }
}
