package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.tensor.Tensor;

/**
 * The history of a base after an in-place op wrote {@code result} through one of its views (PyTorch's CopySlices):
 * forward returns the base, whose storage already holds the write. dbase = g with the view's region zeroed (those
 * values were overwritten), dresult = g's region.
 */
public final class CopySlicesOp extends Function {
    private final ViewGeometry geometry;

    public CopySlicesOp(ViewGeometry geometry) {
        this.geometry = geometry;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        return in[0];
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor gBase = null;
        if (ctx.needsInputGrad(0)) {
            Tensor zeros = Tensor.empty(geometry.shape(), g.dtype(), g.backend());
            gBase = new AsStridedScatterOp(geometry).apply(g.contiguous(), zeros);
        }
        return new Tensor[] {gBase, ctx.needsInputGrad(1) ? new AsStridedOp(geometry).apply(g) : null};
    }
}
