package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.backend.DType;
import dev.descent.backend.ReduceOp;
import dev.descent.tensor.Tensor;

/**
 * The product over one dimension (all when null); integers multiply in int64. dx_i = g prod_{j != i} x_j: g y / x_i
 * when no element is 0, else the product of the elements before i times the product of those after it (prefix and
 * suffix products in log2(n) passes), which needs no division and stays differentiable, so second derivatives at a zero
 * are right too.
 */
public final class ProdOp extends Function {
    private final Integer dim;
    private final boolean keepdim;

    public ProdOp(Integer dim, boolean keepdim) {
        this.dim = dim;
        this.keepdim = keepdim;
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0];
        int[] dims = dim == null ? null : new int[] {dim};
        boolean[] mask = Kernels.reduceMask(x.shape(), dims);
        Tensor out =
                Kernels.reduce(ReduceOp.PROD, x.dtype().isFloatingPoint() ? x : Kernels.cast(x, DType.INT64), mask);
        ctx.saveForBackward(x);
        return keepdim
                ? out
                : out.reshape(Kernels.squeezedShape(x.shape(), mask).toArray());
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor x = ctx.saved(0);
        int[] dims = reduced(x);
        Tensor kept = g.reshape(Kernels.keptShape(x.shape(), Kernels.reduceMask(x.shape(), dims))
                .toArray());
        if (x.dim() == 0) return new Tensor[] {kept};
        Tensor others;
        if (x.eq(0L).sum().itemLong() == 0) {
            Tensor all = dims.length == 1 ? x.prod(dims[0], true) : x.prod().reshape(kept.sizes());
            others = all.div(x);
        } else if (dims.length == 1) {
            others = othersProduct(x, dims[0]);
        } else {
            others = othersProduct(x.reshape(-1), 0).reshape(x.sizes());
        }
        return new Tensor[] {kept.mul(others)};
    }

    /** prod_{j != i} x_j along d: exclusive prefix times exclusive suffix products. */
    private static Tensor othersProduct(Tensor x, int d) {
        Tensor before = shiftIn(inclusiveProducts(x, d), d, 1);
        Tensor after = shiftIn(inclusiveProducts(x.flip(d), d), d, 1).flip(d);
        return before.mul(after);
    }

    /** Running products along d (Hillis and Steele: log2(n) shifted multiplications of differentiable ops). */
    private static Tensor inclusiveProducts(Tensor x, int d) {
        Tensor out = x;
        for (int k = 1, n = x.size(d); k < n; k *= 2) out = out.mul(shiftIn(out, d, k));
        return out;
    }

    /** x moved k places along d, with ones coming in at the front. */
    private static Tensor shiftIn(Tensor x, int d, int k) {
        int n = x.size(d);
        int[] pads = new int[2 * (x.dim() - d)];
        pads[pads.length - 2] = Math.min(k, n);
        return new ConstantPadOp(pads, 1).apply(x.narrow(d, 0, n - Math.min(k, n)));
    }

    private int[] reduced(Tensor x) {
        if (dim != null && x.dim() > 0) return new int[] {x.shape().normalize(dim)};
        int[] all = new int[x.dim()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        return all;
    }
}
