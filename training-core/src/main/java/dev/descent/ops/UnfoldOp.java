package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.ConvGeometry;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/** im2col: x [N, C, H, W] to the columns [N, C*kh*kw, outH*outW] of every sliding window. dx = fold(g). */
public final class UnfoldOp extends Function {
    private final ConvGeometry geometry;

    public UnfoldOp(ConvGeometry geometry) {
        this.geometry = geometry;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        ConvGeometry g = geometry;
        Tensor cols = Kernels.empty(Shape.of(g.n(), g.colRows(), g.colCols()), x.dtype(), x);
        x.backend().im2col(x.contiguous(), g, cols);
        return cols;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {new FoldOp(geometry).apply(g)};
    }
}
