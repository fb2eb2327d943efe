package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.autograd.GradMode;
import dev.descent.backend.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * Matrix product with NumPy semantics: 1-D operands gain a dimension that the result drops again, and leading (batch)
 * dimensions broadcast. dA = g B^T, dB = A^T g (the engine sums broadcast batches).
 */
public final class MatMulOp extends Function {
    private Shape outShape3;
    private boolean aVector, bVector;

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor a = in[0], b = in[1];
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException(
                    "matmul: both arguments need at least 1 dimension, got " + a.shape() + " and " + b.shape());
        }
        // As in PyTorch, no promotion: a float64 operand is usually an accident that would double a model's cost.
        if (a.dtype() != b.dtype())
            throw new IllegalArgumentException("matmul: expected both operands to have the same dtype, got "
                    + a.dtype().label() + " and " + b.dtype().label());
        DType dt = a.dtype();
        if (!dt.isFloatingPoint())
            throw new IllegalArgumentException("matmul needs floating-point tensors, got "
                    + a.dtype().label() + " and " + b.dtype().label());
        aVector = a.dim() == 1;
        bVector = b.dim() == 1;
        Tensor a2 = Kernels.cast(aVector ? a.unsqueeze(0) : a, dt);
        Tensor b2 = Kernels.cast(bVector ? b.unsqueeze(1) : b, dt);
        int m = a2.size(-2), k = a2.size(-1), k2 = b2.size(-2), n = b2.size(-1);
        if (k != k2) {
            throw new IllegalArgumentException("matmul: shapes " + a.shape() + " and " + b.shape()
                    + " cannot be multiplied (" + m + "x" + k + " and " + k2 + "x" + n + ")");
        }
        Shape batch = Shape.broadcast(batchOf(a2), batchOf(b2));
        int bn = batch.numel();
        Tensor a3 = Kernels.broadcastTo(a2, concat(batch, m, k)).reshape(bn, m, k);
        Tensor b3 = Kernels.broadcastTo(b2, concat(batch, k, n)).reshape(bn, k, n);
        Tensor out = Kernels.empty(Shape.of(bn, m, n), dt, a);
        a.backend().matmul(a3, b3, out);
        // The operands as given: the 2-D forms are rebuilt in backward, so a graph of the backward reaches a and b.
        ctx.saveForBackward(a, b);
        outShape3 = concat(batch, m, n);

        int[] result = outShape3.toArray();
        if (aVector) result = removeDim(result, result.length - 2);
        if (bVector) result = removeDim(result, result.length - 1);
        return out.reshape(result);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor a = ctx.saved(0), b = ctx.saved(1);
        Tensor a2 = aVector ? a.unsqueeze(0) : a, b2 = bVector ? b.unsqueeze(1) : b;
        Tensor g2 = g.reshape(outShape3.toArray());
        Tensor ga = null, gb = null;
        if (ctx.needsInputGrad(0)) {
            ga = sharedLeft(a2, g2) ? summedOverBatch(g2, b2) : g2.matmul(b2.mT());
            if (aVector) ga = ga.squeeze(-2);
        }
        if (ctx.needsInputGrad(1)) {
            gb = a2.mT().matmul(g2);
            if (bVector) gb = gb.squeeze(-1);
        }
        return new Tensor[] {ga, gb};
    }

    /**
     * Whether a is one matrix that every item of a batch multiplies (a convolution's kernel), so that its gradient, the
     * sum of the items' g_i B_i^T, can be one product summed as it goes. A double backward needs the product and the
     * sum recorded as ops, so it keeps the general path.
     */
    private static boolean sharedLeft(Tensor a2, Tensor g2) {
        return a2.dim() == 2 && g2.dim() > 2 && !GradMode.isEnabled();
    }

    /** dA = sum over the batch of g_i B_i^T, into one [m, k] matrix. */
    private static Tensor summedOverBatch(Tensor g2, Tensor b2) {
        Shape batch = batchOf(g2);
        int bn = batch.numel(), m = g2.size(-2), n = g2.size(-1), k = b2.size(-2);
        Tensor g3 = g2.reshape(bn, m, n);
        Tensor b3 = Kernels.broadcastTo(b2, concat(batch, k, n)).reshape(bn, k, n);
        Tensor ga = Kernels.empty(Shape.of(m, k), g2.dtype(), g2);
        g2.backend().matmulSum(g3, b3.mT(), ga);
        return ga;
    }

    private static Shape batchOf(Tensor t) {
        int[] s = t.sizes();
        return Shape.of(java.util.Arrays.copyOf(s, s.length - 2));
    }

    private static Shape concat(Shape batch, int r, int c) {
        int[] s = java.util.Arrays.copyOf(batch.toArray(), batch.dim() + 2);
        s[batch.dim()] = r;
        s[batch.dim() + 1] = c;
        return Shape.of(s);
    }

    private static int[] removeDim(int[] s, int d) {
        int[] out = new int[s.length - 1];
        for (int i = 0, k = 0; i < s.length; i++) if (i != d) out[k++] = s[i];
        return out;
    }
}
