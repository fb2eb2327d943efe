package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.tensor.Tensor;

/** out[i][j] = x[index[i][j]][j] (for dim 0). dx = zeros scattered-added with g at the same indices. */
public final class GatherOp extends Function {
    private final int dim;
    private final Tensor index;

    public GatherOp(int dim, Tensor index) {
        this.dim = dim;
        this.index = Kernels.indexTensor(index, "gather");
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        IndexChecks.checkGather("gather", x, dim, index);
        Tensor out = Kernels.empty(index.shape(), x.dtype(), x);
        x.backend().gather(x, dim, index, out);
        // Saved, not only kept: an index changed in place before backward would send the gradient elsewhere.
        ctx.saveForBackward(index);
        return out;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor zeros = Tensor.empty(ctx.inputShape(0), g.dtype(), g.backend());
        return new Tensor[] {new ScatterAddOp(dim, ctx.saved(0)).apply(zeros, g)};
    }
}
