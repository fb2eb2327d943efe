package dev.descent.autograd;

import dev.descent.backend.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;

/**
 * A differentiable operation: forward computes the result, backward maps the output's gradient to one gradient per
 * input. Every built-in op is one of these, and so is a user's custom op:
 *
 * <pre>{@code
 * class MyReLU extends Function {
 *     protected Tensor forward(Context ctx, Tensor... in) {
 *         ctx.saveForBackward(in[0]);
 *         return in[0].clampMin(0);
 *     }
 *     protected Tensor[] backward(Context ctx, Tensor grad) {
 *         return new Tensor[] {grad.mul(ctx.saved(0).gt(0))};
 *     }
 * }
 * Tensor y = new MyReLU().apply(x);
 * }</pre>
 *
 * Forward runs without recording a graph. Backward runs with tensor operations, so it is itself differentiable when a
 * graph of the backward pass is requested. An instance is applied once.
 */
public abstract class Function {

    protected abstract Tensor forward(Context ctx, Tensor... inputs);

    /**
     * One gradient per input, shaped like the output's broadcast of it (the engine sums it back); null where not
     * needed.
     */
    protected abstract Tensor[] backward(Context ctx, Tensor gradOutput);

    /**
     * The node's name in graphs and errors, as PyTorch names a grad_fn: the class name without a trailing "Op", +
     * "Backward" ({@code MulOp} gives "MulBackward").
     */
    public String name() {
        String name = getClass().getSimpleName();
        if (name.endsWith("Op") && name.length() > 2) name = name.substring(0, name.length() - 2);
        return name + "Backward";
    }

    @SuppressWarnings("ReferenceEquality") // Tensor.equals is identity too; == says so at the call
    public final Tensor apply(Tensor... inputs) {
        boolean track = false;
        if (GradMode.isEnabled()) {
            for (Tensor in : inputs) {
                if (in.requiresGrad()) {
                    track = true;
                    break;
                }
            }
        }
        if (!track) return forward(Untracked.INSTANCE, inputs);

        Node node = new Node(this, inputs);
        Tensor out;
        try (var _ = GradMode.noGrad()) {
            out = forward(node, inputs);
        }
        for (Tensor in : inputs) {
            if (out == in) {
                out = out.alias();
                break;
            }
        }
        node.setOutputShape(out.shape());
        out.attachHistory(node);
        return out;
    }

    /** The context forward gets when no graph is recorded: it keeps nothing. */
    private enum Untracked implements Context {
        INSTANCE;

        @Override
        public void saveForBackward(Tensor... tensors) {}

        @Override
        public Tensor[] saved() {
            throw new IllegalStateException("no graph was recorded");
        }

        @Override
        public boolean needsInputGrad(int i) {
            return false;
        }

        @Override
        public Shape inputShape(int i) {
            throw new IllegalStateException("no graph was recorded");
        }

        @Override
        public DType inputDType(int i) {
            throw new IllegalStateException("no graph was recorded");
        }
    }
}
