package dev.descent.backend;

/**
 * What a kernel sees of a tensor: a {@link Storage} and the geometry of a view over it, element {@code (i0, i1, ...)}
 * at {@code offset + i0 * strides[0] + i1 * strides[1] + ...}. A stride may be 0 (a broadcast dimension).
 *
 * <p>{@code dev.descent.tensor.Tensor} implements it, so a kernel call passes the tensor itself and allocates nothing;
 * kernels know nothing of autograd. {@link #of} makes a plain view for kernels that slice or re-stride their operands.
 */
public interface StridedView {

    Storage storage();

    default DType dtype() {
        return storage().dtype();
    }

    /** The sizes, a copy. */
    int[] sizes();

    /** The strides in elements, a copy. */
    int[] strides();

    int offset();

    int dim();

    int numel();

    /** Size of dimension {@code d}; negative counts from the end. */
    int size(int d);

    /** Stride of dimension {@code d}; negative counts from the end. */
    int stride(int d);

    /** Whether the elements lie in row-major order without gaps (dimensions of size 1 may have any stride). */
    boolean isContiguous();

    /** A view with this geometry over {@code storage}; it must lie within the storage. */
    static StridedView of(Storage storage, int[] sizes, int[] strides, int offset) {
        return new PlainView(storage, sizes.clone(), strides.clone(), offset);
    }

    /** A contiguous view over the start of {@code storage}. */
    static StridedView contiguous(Storage storage, int[] sizes) {
        int[] strides = new int[sizes.length];
        int s = 1;
        for (int d = sizes.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= sizes[d];
        }
        return new PlainView(storage, sizes.clone(), strides, 0);
    }
}
