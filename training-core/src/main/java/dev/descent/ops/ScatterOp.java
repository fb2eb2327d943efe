package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * out = self with out[index[i][j]][j] = src[i][j] (for dim 0): src's values written at the places index names. Where
 * several name one place, the last in row-major order wins (as PyTorch's CPU loop leaves it). dself = g where nothing
 * was written, dsrc = g gathered at index (every writer gets it, as in PyTorch).
 */
public final class ScatterOp extends Function {
    private final int dim;
    private final Tensor index;

    public ScatterOp(int dim, Tensor index) {
        this.dim = dim;
        this.index = Kernels.indexTensor(index, "scatter");
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor self = in[0], src = in[1];
        IndexChecks.checkScatter("scatter", self, dim, index, src);
        // Which places are written and which writer wins: index bookkeeping, done once on the host.
        long[] idx = index.contiguous().toLongArray();
        int[] ishape = index.sizes(), sstrides = self.shape().contiguousStrides();
        int[] writer = new int[self.numel()];
        java.util.Arrays.fill(writer, -1);
        int[] at = new int[ishape.length];
        for (int i = 0; i < idx.length; i++) {
            int target = 0;
            for (int d = 0; d < ishape.length; d++) target += (d == dim ? (int) idx[i] : at[d]) * sstrides[d];
            writer[target] = i;
            for (int d = ishape.length - 1; d >= 0 && ++at[d] == ishape[d]; d--) at[d] = 0;
        }
        boolean[] keep = new boolean[idx.length], hit = new boolean[self.numel()];
        for (int t = 0; t < writer.length; t++) {
            if (writer[t] >= 0) {
                keep[writer[t]] = true;
                hit[t] = true;
            }
        }
        Tensor keepMask = Tensor.fromArray(keep).reshape(ishape).to(self.backend());
        Tensor hitMask = Tensor.fromArray(hit).reshape(self.sizes()).to(self.backend());
        Tensor part = Kernels.cast(within(src, ishape), self.dtype());
        Tensor zero = Kernels.empty(Shape.SCALAR, self.dtype(), self);
        Tensor chosen = Kernels.empty(part.shape(), self.dtype(), self);
        self.backend().where(keepMask, part, Kernels.broadcastTo(zero, part.shape()), chosen);
        Tensor written = Kernels.empty(self.shape(), self.dtype(), self);
        self.backend().scatterAdd(written, dim, index, chosen);
        Tensor out = Kernels.empty(self.shape(), self.dtype(), self);
        self.backend().where(hitMask, written, self, out);
        ctx.saveForBackward(index, hitMask);
        return out;
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor index = ctx.saved(0), hit = ctx.saved(1);
        Tensor gSelf = ctx.needsInputGrad(0) ? Tensor.where(hit, Tensor.zerosLike(g.sum()), g) : null;
        Tensor gSrc = ctx.needsInputGrad(1) ? padTo(g.gather(dim, index), ctx.inputShape(1)) : null;
        return new Tensor[] {gSelf, gSrc};
    }

    /** The leading corner of src with the index's shape. */
    static Tensor within(Tensor src, int[] shape) {
        Tensor v = src;
        for (int d = 0; d < shape.length; d++) if (v.size(d) != shape[d]) v = SliceOp.view(v, d, 0, shape[d], 1);
        return v;
    }

    /** g (shaped like the index) padded with zeros to src's shape, which may be larger. */
    static Tensor padTo(Tensor g, Shape shape) {
        if (g.shape().equals(shape)) return g;
        int[] pads = new int[2 * g.dim()];
        for (int d = 0; d < g.dim(); d++) pads[2 * (g.dim() - 1 - d) + 1] = shape.size(d) - g.size(d);
        return new ConstantPadOp(pads, 0).apply(g);
    }
}
