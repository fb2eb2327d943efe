package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.BinaryOp;
import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;

/**
 * Running sums along a dimension (integers sum in int64), in log2(n) passes of shifted additions (Hillis and Steele),
 * so any backend runs it with its elementwise kernels. dx = the running sums of g taken from the end.
 */
public final class CumSumOp extends Function {
    private final int dim;

    public CumSumOp(int dim) {
        this.dim = dim;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        Tensor out = Kernels.copy(x.dtype().isFloatingPoint() ? x : Kernels.cast(x, DType.INT64));
        if (x.dim() == 0) return out;
        int d = x.shape().normalize(dim), n = x.size(d);
        for (int k = 1; k < n; k *= 2) {
            Tensor shifted = Kernels.empty(out.shape(), out.dtype(), out);
            x.backend().copy(SliceOp.view(out, d, 0, n - k, 1), SliceOp.view(shifted, d, k, n, 1));
            out = Kernels.binary(BinaryOp.ADD, out, shifted, 1);
        }
        return out;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        if (g.dim() == 0) return new Tensor[] {g};
        return new Tensor[] {g.flip(dim).cumsum(dim).flip(dim)};
    }
}
