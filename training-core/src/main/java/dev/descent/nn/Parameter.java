package dev.descent.nn;

import dev.descent.tensor.Tensor;

/**
 * A tensor a module owns as a trainable weight: a leaf that requires grad, found by {@link Module#parameters()}. It
 * shares the data it is built from; optimizers and {@link Module#loadStateDict} change it in place, so the object a
 * module holds stays the same.
 */
public final class Parameter extends Tensor {

    public Parameter(Tensor data) {
        this(data, true);
    }

    public Parameter(Tensor data, boolean requiresGrad) {
        super(leafData(data));
        requiresGrad_(requiresGrad);
    }

    private static Tensor leafData(Tensor data) {
        if (!data.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("a parameter must be a floating-point tensor, got "
                    + data.dtype().label());
        }
        // Row-major data keeps every kernel that reads a weight on its fast path.
        return data.detach().contiguous();
    }

    @Override
    public String toString() {
        return "Parameter containing:\n" + super.toString();
    }
}
