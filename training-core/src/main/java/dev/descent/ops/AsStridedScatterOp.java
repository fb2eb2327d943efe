package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.tensor.Tensor;

/**
 * A copy of x with src written into the region a {@link ViewGeometry} places (non-overlapping). dx = g with the region
 * zeroed, dsrc = g's region ({@link AsStridedOp}).
 */
public final class AsStridedScatterOp extends Function {
    private final ViewGeometry geometry;

    public AsStridedScatterOp(ViewGeometry geometry) {
        this.geometry = geometry;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor out = Kernels.copy(in[0]);
        out.backend().copy(Kernels.broadcastTo(Kernels.cast(in[1], out.dtype()), geometry.shape()), geometry.in(out));
        return out;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor gx = null;
        if (ctx.needsInputGrad(0)) {
            Tensor zeros = Tensor.empty(geometry.shape(), g.dtype(), g.backend());
            gx = new AsStridedScatterOp(geometry).apply(g, zeros);
        }
        return new Tensor[] {gx, ctx.needsInputGrad(1) ? new AsStridedOp(geometry).apply(g) : null};
    }
}
