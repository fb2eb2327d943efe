package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.tensor.Tensor;

/** out = self with out[index[i][j]][j] += src[i][j] (for dim 0). dself = g, dsrc = g gathered at index. */
public final class ScatterAddOp extends Function {
    private final int dim;
    private final Tensor index;

    public ScatterAddOp(int dim, Tensor index) {
        this.dim = dim;
        this.index = Kernels.indexTensor(index, "scatterAdd");
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor self = in[0], src = in[1];
        IndexChecks.checkScatter("scatterAdd", self, dim, index, src);
        Tensor out = Kernels.copy(self);
        self.backend().scatterAdd(out, dim, index, Kernels.cast(src, self.dtype()));
        // Saved, not only kept: an index changed in place before backward would send the gradient elsewhere.
        ctx.saveForBackward(index);
        return out;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor index = ctx.saved(0);
        return new Tensor[] {g, ctx.needsInputGrad(1) ? ScatterOp.padTo(g.gather(dim, index), ctx.inputShape(1)) : null
        };
    }
}
