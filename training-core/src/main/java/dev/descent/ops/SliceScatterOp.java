package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * Places src into a zero tensor of a given shape at a slice of one dimension (the backward of {@link SliceOp}). dsrc =
 * g sliced.
 */
public final class SliceScatterOp extends Function {
    private final Shape shape;
    private final int dim, start, end, step;

    public SliceScatterOp(Shape shape, int dim, int start, int end, int step) {
        this.shape = shape;
        this.dim = dim;
        this.start = start;
        this.end = end;
        this.step = step;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor src = in[0];
        Tensor out = Kernels.empty(shape, src.dtype(), src);
        src.backend().copy(src, SliceOp.view(out, dim, start, end, step));
        return out;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {new SliceOp(dim, start, end, step).apply(g)};
    }
}
