package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/** Reorders dimensions (a view). dx = g permuted by the inverse order. */
public final class PermuteOp extends Function {
    private final int[] dims;

    public PermuteOp(int[] dims) {
        this.dims = dims.clone();
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        if (dims.length != x.dim()) {
            throw new IllegalArgumentException("permute: number of dims " + dims.length + " doesn't match the tensor's "
                    + x.dim() + " dimensions");
        }
        int[] sizes = new int[dims.length], strides = new int[dims.length], xs = x.strides();
        boolean[] seen = new boolean[dims.length];
        for (int i = 0; i < dims.length; i++) {
            int d = x.shape().normalize(dims[i]);
            if (seen[d])
                throw new IllegalArgumentException(
                        "permute: dimension " + dims[i] + " repeats in " + Arrays.toString(dims));
            seen[d] = true;
            dims[i] = d;
            sizes[i] = x.size(d);
            strides[i] = xs[d];
        }
        return x.asStrided(sizes, strides, x.offset());
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        int[] inverse = new int[dims.length];
        for (int i = 0; i < dims.length; i++) inverse[dims[i]] = i;
        return new Tensor[] {g.permute(inverse)};
    }
}
