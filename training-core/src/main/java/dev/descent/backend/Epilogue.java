package dev.descent.backend;

import java.util.Objects;

/**
 * What a matrix product may do to each element of its result before storing it: out[.., i, j] = act(sum_p a[.., i, p]
 * b[.., p, j] + bias[j]). A backend that applies it while a tile of the result is still in registers saves a pass over
 * the output per step (the dense layer's bias and ReLU); the sum is rounded to float first and the bias added after, so
 * the bits are those of the product, then {@link BinaryOp#ADD}, then the activation's {@link UnaryOp}.
 *
 * @param bias a vector of the output's last size (any stride), broadcast over the rows and batch; null for none
 * @param activation applied last
 */
public record Epilogue(StridedView bias, Activation activation) {

    /** Activations cheap enough to apply in a product's store. */
    public enum Activation {
        NONE,
        /** max(x, 0), exactly {@link UnaryOp#RELU}: x <= 0 becomes +0, NaN stays NaN. */
        RELU
    }

    public static final Epilogue NONE = new Epilogue(null, Activation.NONE);

    public Epilogue {
        Objects.requireNonNull(activation, "activation");
        if (bias != null && bias.dim() != 1)
            throw new IllegalArgumentException("epilogue bias must be a vector, got " + bias.dim() + " dimensions");
    }

    public static Epilogue bias(StridedView bias) {
        return new Epilogue(Objects.requireNonNull(bias, "bias"), Activation.NONE);
    }

    public boolean isNone() {
        return bias == null && activation == Activation.NONE;
    }

    /** For graph attributes and logs: "bias, relu", "relu", "" for none. */
    public String describe() {
        String act = activation == Activation.NONE ? "" : activation.name().toLowerCase(java.util.Locale.ROOT);
        if (bias == null) return act;
        return act.isEmpty() ? "bias" : "bias, " + act;
    }
}
