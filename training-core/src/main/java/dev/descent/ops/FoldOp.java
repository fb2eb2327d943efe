package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.ConvGeometry;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/** col2im: sums window columns [N, C*kh*kw, L] back into an image [N, C, H, W]. dcols = unfold(g). */
public final class FoldOp extends Function {
    private final ConvGeometry geometry;

    public FoldOp(ConvGeometry geometry) {
        this.geometry = geometry;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor cols = in[0];
        ConvGeometry g = geometry;
        Shape expected = Shape.of(g.n(), g.colRows(), g.colCols());
        if (!cols.shape().equals(expected))
            throw new IllegalArgumentException("fold: expected columns of shape " + expected + ", got " + cols.shape());
        Tensor x = Kernels.empty(Shape.of(g.n(), g.c(), g.h(), g.w()), cols.dtype(), cols);
        cols.backend().col2im(cols.contiguous(), g, x);
        return x;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {new UnfoldOp(geometry).apply(g)};
    }
}
