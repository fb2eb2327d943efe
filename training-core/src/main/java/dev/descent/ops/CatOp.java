package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;
import java.util.List;

/** Joins tensors along an existing dimension. Each input's gradient is its slice of g. */
public final class CatOp extends Function {
    private final int dim;
    private int[] lengths;
    private int d;

    public CatOp(int dim) {
        this.dim = dim;
    }

    public static Tensor apply(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("cat expects a non-empty list of tensors");
        return new CatOp(dim).apply(tensors.toArray(Tensor[]::new));
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor first = in[0];
        for (int i = 0; i < in.length; i++) {
            if (in[i].dim() == 0)
                throw new IllegalArgumentException("cat: zero-dimensional tensor (at entry " + i
                        + ") cannot be concatenated; use stack, or unsqueeze it first");
        }
        d = first.shape().normalize(dim);
        DType dt = first.dtype();
        lengths = new int[in.length];
        int total = 0;
        for (int i = 0; i < in.length; i++) {
            Tensor t = in[i];
            if (t.dim() != first.dim()) {
                throw new IllegalArgumentException("cat: tensors must have the same number of dimensions, got "
                        + first.shape() + " at entry 0 and " + t.shape() + " at entry " + i);
            }
            for (int k = 0; k < t.dim(); k++) {
                if (k != d && t.size(k) != first.size(k)) {
                    throw new IllegalArgumentException("cat: sizes must match except in dimension " + d + ", got "
                            + first.shape() + " at entry 0 and " + t.shape() + " at entry " + i);
                }
            }
            dt = DType.promote(dt, t.dtype());
            lengths[i] = t.size(d);
            total += lengths[i];
        }
        Tensor out = Kernels.empty(first.shape().with(d, total), dt, first);
        int at = 0;
        for (int i = 0; i < in.length; i++) {
            first.backend().copy(in[i], SliceOp.view(out, d, at, at + lengths[i], 1));
            at += lengths[i];
        }
        return out;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor[] grads = new Tensor[lengths.length];
        int at = 0;
        for (int i = 0; i < lengths.length; i++) {
            if (ctx.needsInputGrad(i)) grads[i] = g.narrow(d, at, lengths[i]);
            at += lengths[i];
        }
        return grads;
    }
}
