package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.tensor.Tensor;

/**
 * Elements start, start+step, ... below end of one dimension (a view). dx = g placed into zeros at the same positions.
 */
public final class SliceOp extends Function {
    private final int dim, start, end, step;

    /** Indices must already be normalised: 0 <= start <= end <= size, step > 0. */
    public SliceOp(int dim, int start, int end, int step) {
        this.dim = dim;
        this.start = start;
        this.end = end;
        this.step = step;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        return view(in[0], dim, start, end, step);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {new SliceScatterOp(ctx.inputShape(0), dim, start, end, step).apply(g)};
    }

    static Tensor view(Tensor x, int dim, int start, int end, int step) {
        int[] sizes = x.sizes(), strides = x.strides();
        int offset = x.offset() + (sizes[dim] == 0 ? 0 : start * strides[dim]);
        // (end - start - 1) / step + 1, not (end - start + step - 1) / step: that sum overflows for a step near 2^31.
        sizes[dim] = end > start ? (end - start - 1) / step + 1 : 0;
        if (sizes[dim] > 1) strides[dim] = Math.multiplyExact(strides[dim], step);
        return x.asStrided(sizes, strides, sizes[dim] == 0 ? x.offset() : offset);
    }
}
