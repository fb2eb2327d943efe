package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.tensor.Tensor;
import java.util.Arrays;

/** Broadcasts size-1 (and new leading) dimensions with stride 0. dx = g, summed back to x's shape by the engine. */
public final class ExpandOp extends Function {
    private final int[] sizes;

    public ExpandOp(int[] sizes) {
        this.sizes = sizes.clone();
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        int lead = sizes.length - x.dim();
        if (lead < 0) {
            throw new IllegalArgumentException("expand: the number of sizes provided (" + sizes.length
                    + ") must be greater or equal to the number of dimensions in the tensor (" + x.dim() + ")");
        }
        int[] out = new int[sizes.length], strides = new int[sizes.length], xs = x.strides();
        for (int i = 0; i < sizes.length; i++) {
            if (i < lead) {
                if (sizes[i] < 0)
                    throw new IllegalArgumentException(
                            "expand: -1 is not allowed for a new leading dimension (" + Arrays.toString(sizes) + ")");
                out[i] = sizes[i];
                continue;
            }
            int have = x.size(i - lead);
            int want = sizes[i] == -1 ? have : sizes[i];
            if (want == have) {
                out[i] = have;
                strides[i] = xs[i - lead];
            } else if (have == 1) {
                out[i] = want;
            } else {
                throw new IllegalArgumentException("expand: the expanded size of the tensor (" + want
                        + ") must match the existing size (" + have + ") at non-singleton dimension " + i
                        + ". Target sizes: " + Arrays.toString(sizes) + ". Tensor sizes: " + x.shape());
            }
        }
        return x.asStrided(out, strides, x.offset());
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {g};
    }
}
