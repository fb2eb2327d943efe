package dev.descent.ops;

import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/** Where a view's elements lie within its base: sizes, strides and offset in the base's row-major layout. */
public record ViewGeometry(int[] sizes, int[] strides, int offset) {

    /** The geometry of {@code view} over {@code base}, which must be row-major (as a tensor that owns storage is). */
    public static ViewGeometry of(Tensor base, Tensor view) {
        if (!Arrays.equals(base.strides(), base.shape().contiguousStrides()) && base.numel() > 1) {
            throw new UnsupportedOperationException("an in-place write through a view of a tensor with strides "
                    + Arrays.toString(base.strides()) + " (not row-major) is not supported; clone() it first");
        }
        return new ViewGeometry(view.sizes(), view.strides(), view.offset() - base.offset());
    }

    public Shape shape() {
        return Shape.of(sizes);
    }

    /** The region of {@code t}, a row-major tensor shaped like the base. */
    Tensor in(Tensor t) {
        return t.asStrided(sizes, strides, t.offset() + offset);
    }
}
