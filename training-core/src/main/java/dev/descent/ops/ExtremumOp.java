package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.ReduceOp;
import dev.descent.tensor.Tensor;

/** Max (or min) over dims. dx = g at the positions equal to the extremum, split evenly among ties. */
public final class ExtremumOp extends Function {
    private final int[] dims;
    private final boolean keepdim, max;
    private boolean[] mask;

    public ExtremumOp(int[] dims, boolean keepdim, boolean max) {
        this.dims = dims;
        this.keepdim = keepdim;
        this.max = max;
    }

    @Override
    public String name() {
        return max ? "MaxBackward" : "MinBackward";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        mask = Kernels.reduceMask(x.shape(), dims);
        Tensor out = Kernels.reduce(max ? ReduceOp.MAX : ReduceOp.MIN, x, mask);
        ctx.saveForBackward(x, out);
        return keepdim
                ? out
                : out.reshape(Kernels.squeezedShape(x.shape(), mask).toArray());
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor x = ctx.saved(0), extremum = ctx.saved(1);
        int[] kept = extremum.sizes();
        Tensor hits = x.eq(extremum).to(g.dtype());
        int[] reduced = reducedDims();
        Tensor count = hits.sum(reduced, true);
        return new Tensor[] {hits.div(count).mul(g.reshape(kept))};
    }

    private int[] reducedDims() {
        int n = 0;
        for (boolean m : mask) if (m) n++;
        int[] out = new int[n];
        for (int i = 0, k = 0; i < mask.length; i++) if (mask[i]) out[k++] = i;
        return out;
    }
}
