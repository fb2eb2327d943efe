package dev.descent.nn;

import dev.descent.tensor.Tensor;

/** max(0, x). */
public class ReLU extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.relu();
    }
}
