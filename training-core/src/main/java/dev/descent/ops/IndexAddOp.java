package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.tensor.Tensor;

/** out = self with out.select(dim, index[i]) += src.select(dim, i). dself = g, dsrc = g index-selected. */
public final class IndexAddOp extends Function {
    private final int dim;
    private final Tensor index;

    public IndexAddOp(int dim, Tensor index) {
        this.dim = dim;
        this.index = Kernels.indexTensor(index, "indexAdd");
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor self = in[0], src = in[1];
        IndexChecks.checkIndex("indexAdd", self, dim, index);
        if (!src.shape().equals(self.shape().with(dim, index.numel()))) {
            throw new IllegalArgumentException("indexAdd: source shape " + src.shape() + " must be "
                    + self.shape().with(dim, index.numel()));
        }
        Tensor out = Kernels.copy(self);
        self.backend().indexAdd(out, dim, index, Kernels.cast(src, self.dtype()));
        // Saved, not only kept: an index changed in place before backward would send the gradient elsewhere.
        ctx.saveForBackward(index);
        return out;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor index = ctx.saved(0);
        return new Tensor[] {g, ctx.needsInputGrad(1) ? g.indexSelect(dim, index) : null};
    }
}
