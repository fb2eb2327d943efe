package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.tensor.Tensor;

/** The elements in reverse order along the given dimensions (a copy, as in PyTorch). dx = g flipped back. */
public final class FlipOp extends Function {
    private final int[] dims;

    public FlipOp(int[] dims) {
        this.dims = dims.clone();
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        boolean[] mask = Kernels.reduceMask(x.shape(), dims); // normalises, and refuses a repeated dim
        Tensor out = Kernels.copy(x);
        for (int d = 0; d < x.dim(); d++) {
            if (!mask[d] || x.size(d) < 2) continue;
            int n = x.size(d);
            long[] reversed = new long[n];
            for (int i = 0; i < n; i++) reversed[i] = n - 1L - i;
            Tensor next = Kernels.empty(out.shape(), out.dtype(), out);
            x.backend().indexSelect(out, d, Tensor.fromArray(reversed).to(x.backend()), next);
            out = next;
        }
        return out;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        return new Tensor[] {g.flip(dims)};
    }
}
