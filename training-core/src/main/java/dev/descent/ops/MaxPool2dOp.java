package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.autograd.GradMode;
import dev.descent.backend.ConvGeometry;
import dev.descent.backend.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * Max over each window of x [N, C, H, W]; also yields the flat h*W+w position of each maximum. dx = g scattered (added)
 * to those positions.
 */
public final class MaxPool2dOp extends Function {
    private final ConvGeometry geometry;
    private Tensor indices;

    public MaxPool2dOp(ConvGeometry geometry) {
        this.geometry = geometry;
    }

    /** The positions of the maxima, available after {@link #apply}. */
    public Tensor indices() {
        return indices;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        ConvGeometry g = geometry;
        Shape outShape = Shape.of(g.n(), g.c(), g.outH(), g.outW());
        Tensor out = Kernels.empty(outShape, x.dtype(), x);
        indices = Kernels.empty(outShape, DType.INT64, x);
        x.backend().maxPool2d(x.contiguous(), g, out, indices);
        ctx.saveForBackward(indices); // indices() hands them out: a change to them must not go unnoticed
        return out;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        ConvGeometry geo = geometry;
        Tensor zeros = Tensor.empty(Shape.of(geo.n(), geo.c(), geo.h() * geo.w()), g.dtype(), g.backend());
        Tensor flatIdx = ctx.saved(0).reshape(geo.n(), geo.c(), -1);
        Tensor flatG = g.reshape(geo.n(), geo.c(), -1);
        Tensor dx;
        if (GradMode.isEnabled()) {
            // A double backward needs the scatter recorded as an op of its own.
            dx = new ScatterAddOp(2, flatIdx).apply(zeros, flatG);
        } else {
            // The indices came from this op's forward (in range by construction, and saved, so a change to them fails
            // above): the scatter's range check, which reduces over all of them, and its copy of the zeros are
            // skipped.
            g.backend().scatterAdd(zeros, 2, flatIdx, Kernels.cast(flatG, zeros.dtype()));
            dx = zeros;
        }
        return new Tensor[] {dx.reshape(geo.n(), geo.c(), geo.h(), geo.w())};
    }
}
