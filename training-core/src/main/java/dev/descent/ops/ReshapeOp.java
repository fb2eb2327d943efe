package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * A new shape over the same elements: a view when the strides allow, else (for reshape) a copy. dx = g reshaped back.
 */
public final class ReshapeOp extends Function {
    private final int[] requested;
    private final boolean viewOnly;

    public ReshapeOp(int[] shape, boolean viewOnly) {
        this.requested = shape.clone();
        this.viewOnly = viewOnly;
    }

    @Override
    public String name() {
        return viewOnly ? "ViewBackward" : "ReshapeBackward";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        Shape target = infer(x.shape(), requested);
        int[] strides = viewStrides(x, target);
        if (strides == null) {
            if (viewOnly) {
                throw new IllegalStateException("view size " + target + " is not compatible with input tensor's size "
                        + x.shape() + " and stride " + Arrays.toString(x.strides())
                        + " (at least one dimension spans across two contiguous subspaces); use reshape(...) instead");
            }
            x = Kernels.copy(x);
            strides = target.contiguousStrides();
        }
        return x.asStrided(target.toArray(), strides, x.offset());
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {g.reshape(ctx.inputShape(0).toArray())};
    }

    /** Resolves one -1 and checks the element count. */
    public static Shape infer(Shape from, int[] sizes) {
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] == -1) {
                if (unknown >= 0)
                    throw new IllegalArgumentException(
                            "only one dimension can be inferred (-1) in shape " + Arrays.toString(sizes));
                unknown = i;
            } else if (sizes[i] < 0) {
                throw new IllegalArgumentException(
                        "invalid shape dimension " + sizes[i] + " in " + Arrays.toString(sizes));
            } else {
                known *= sizes[i];
            }
        }
        int[] out = sizes.clone();
        if (unknown >= 0) {
            if (known == 0 || from.numel() % known != 0) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(sizes) + " is invalid for input of size " + from.numel());
            }
            out[unknown] = (int) (from.numel() / known);
        } else if (known != from.numel()) {
            throw new IllegalArgumentException("shape " + Arrays.toString(sizes) + " is invalid for input of size "
                    + from.numel() + " (shape " + from + ")");
        }
        return Shape.of(out);
    }

    /** Strides that view x with the target shape without copying, or null when impossible (PyTorch's computeStride). */
    static int[] viewStrides(Tensor x, Shape target) {
        int[] oldSizes = x.sizes(), oldStrides = x.strides(), newSizes = target.toArray();
        int[] newStrides = new int[newSizes.length];
        if (x.numel() == 0 || oldSizes.length == 0) return target.contiguousStrides();
        int viewD = newSizes.length - 1;
        long chunkBaseStride = oldStrides[oldStrides.length - 1];
        long tensorNumel = 1, viewNumel = 1;
        for (int tensorD = oldSizes.length - 1; tensorD >= 0; tensorD--) {
            tensorNumel *= oldSizes[tensorD];
            if (tensorD == 0
                    || (oldSizes[tensorD - 1] != 1 && oldStrides[tensorD - 1] != tensorNumel * chunkBaseStride)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newSizes[viewD] == 1)) {
                    newStrides[viewD] = (int) (viewNumel * chunkBaseStride);
                    viewNumel *= newSizes[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (tensorD > 0) {
                    chunkBaseStride = oldStrides[tensorD - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStrides : null;
    }
}
