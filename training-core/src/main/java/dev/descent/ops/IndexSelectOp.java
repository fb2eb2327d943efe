package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.tensor.Tensor;

/** The slices of dimension dim at the positions of a 1-D index. dx = zeros index-added with g. */
public final class IndexSelectOp extends Function {
    private final int dim;
    private final Tensor index;

    public IndexSelectOp(int dim, Tensor index) {
        this.dim = dim;
        this.index = Kernels.indexTensor(index, "indexSelect");
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        IndexChecks.checkIndex("indexSelect", x, dim, index);
        Tensor out = Kernels.empty(x.shape().with(dim, index.numel()), x.dtype(), x);
        x.backend().indexSelect(x, dim, index, out);
        // Saved, not only kept: an index changed in place before backward would send the gradient elsewhere.
        ctx.saveForBackward(index);
        return out;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor zeros = Tensor.empty(ctx.inputShape(0), g.dtype(), g.backend());
        return new Tensor[] {new IndexAddOp(dim, ctx.saved(0)).apply(zeros, g)};
    }
}
