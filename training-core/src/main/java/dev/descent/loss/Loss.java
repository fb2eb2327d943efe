package dev.descent.loss;

import dev.descent.tensor.Tensor;

/** A training objective: the model's output and the target in, a differentiable loss out. */
public interface Loss {

    Tensor apply(Tensor output, Tensor target);

    /** The spec name: "cross_entropy", "mse"... */
    String name();
}
