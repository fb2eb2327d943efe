package dev.descent.ops;

import dev.descent.autograd.Context;
import dev.descent.autograd.Function;
import dev.descent.autograd.GradMode;
import dev.descent.backend.Epilogue;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * y = x W^T + b over the last dimension of x, with W [out, in] in PyTorch's layout and b optional. dx = g W, dW = g^T
 * x, db = the sum of g's rows. Fused so that the bias is added in the product's epilogue (no second output, no second
 * pass) and dW comes out row-major in W's own layout, not as the transpose of a [in, out] gradient.
 */
public final class LinearOp extends Function {
    private boolean hasBias;

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
        Tensor x = in[0], w = in[1], b = in.length > 2 ? in[2] : null;
        check(x, w, b);
        hasBias = b != null;
        int inF = w.size(1), outF = w.size(0);
        Tensor x2 = x.reshape(-1, inF);
        int rows = x2.size(0);
        Tensor out = Kernels.empty(Shape.of(1, rows, outF), x.dtype(), x);
        // The bias goes in the product's epilogue: added to each tile of the result as it is stored, with the bits
        // of a separate ADD, instead of one more pass over [rows, out].
        x.backend()
                .matmul(
                        x2.reshape(1, rows, inF),
                        w.t().unsqueeze(0),
                        out,
                        b == null ? Epilogue.NONE : Epilogue.bias(b));
        // The inputs themselves are saved (not x2, a view made without history), so a recorded backward stays connected
        // to them.
        ctx.saveForBackward(x, w);
        int[] shape = x.sizes();
        shape[shape.length - 1] = outF;
        return out.reshape(shape);
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
        Tensor x = ctx.saved(0), w = ctx.saved(1);
        Tensor g2 = g.reshape(-1, w.size(0));
        Tensor[] grads = new Tensor[hasBias ? 3 : 2];
        if (ctx.needsInputGrad(0))
            grads[0] = g2.matmul(w).reshape(ctx.inputShape(0).toArray());
        if (ctx.needsInputGrad(1)) {
            Tensor x2 = x.reshape(-1, w.size(1));
            Tensor buffer = GradMode.isEnabled() ? null : ctx.gradientBuffer(1);
            if (buffer != null) {
                // dW = g^T x written straight into the weight's zeroed gradient: no fresh [out, in] array per step.
                g.backend().matmul(g2.t().unsqueeze(0), x2.unsqueeze(0), buffer.view(1, w.size(0), w.size(1)));
                grads[1] = buffer;
            } else {
                grads[1] = g2.t().matmul(x2);
            }
        }
        if (hasBias && ctx.needsInputGrad(2)) grads[2] = g2.sum(0);
        return grads;
    }

    private static void check(Tensor x, Tensor w, Tensor b) {
        if (w.dim() != 2)
            throw new IllegalArgumentException(
                    "linear: weight must be a matrix [out_features, in_features], got shape " + w.shape());
        if (x.dim() == 0 || x.size(-1) != w.size(1)) {
            throw new IllegalArgumentException("linear: input of shape " + x.shape() + " does not fit weight "
                    + w.shape() + ": the input's last dimension must be in_features = " + w.size(1));
        }
        if (x.dtype() != w.dtype())
            throw new IllegalArgumentException("linear: input is " + x.dtype().label() + " but weight is "
                    + w.dtype().label());
        if (!x.dtype().isFloatingPoint())
            throw new IllegalArgumentException(
                    "linear needs floating-point tensors, got " + x.dtype().label());
        if (b != null && (b.dim() != 1 || b.size(0) != w.size(0) || b.dtype() != w.dtype())) {
            throw new IllegalArgumentException(
                    "linear: bias must be a " + w.dtype().label() + " vector of " + w.size(0) + " elements, got "
                            + b.dtype().label() + " " + b.shape());
        }
    }
}
