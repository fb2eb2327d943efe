package dev.descent.nn;

import dev.descent.tensor.Tensor;

/** tanh(x). */
public class Tanh extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.tanh();
    }
}
