package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.tensor.Tensor;

/**
 * A strided view of x's elements, placed by a {@link ViewGeometry} in x's row-major layout: how a view rebuilds its
 * history over a base that was written in place. dx = zeros with g written at the viewed places
 * ({@link AsStridedScatterOp}).
 */
public final class AsStridedOp extends Function {
    private final ViewGeometry geometry;

    public AsStridedOp(ViewGeometry geometry) {
        this.geometry = geometry;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        return geometry.in(in[0].isContiguous() ? in[0] : Kernels.copy(in[0]));
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor zeros = Tensor.empty(ctx.inputShape(0), g.dtype(), g.backend());
        return new Tensor[] {new AsStridedScatterOp(geometry).apply(zeros, g)};
    }
}
