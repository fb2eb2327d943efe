package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.ReduceOp;
import dev.descent.tensor.Tensor;

/** Sum over dims (all when null). dx = g broadcast back over the summed dims. */
public final class SumOp extends Function {
    private final int[] dims;
    private final boolean keepdim;
    private boolean[] mask;

    public SumOp(int[] dims, boolean keepdim) {
        this.dims = dims;
        this.keepdim = keepdim;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        mask = Kernels.reduceMask(x.shape(), dims);
        Tensor out = Kernels.reduce(ReduceOp.SUM, x, mask);
        return keepdim
                ? out
                : out.reshape(Kernels.squeezedShape(x.shape(), mask).toArray());
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        int[] kept = Kernels.keptShape(ctx.inputShape(0), mask).toArray();
        return new Tensor[] {g.reshape(kept).expand(ctx.inputShape(0).toArray())};
    }
}
