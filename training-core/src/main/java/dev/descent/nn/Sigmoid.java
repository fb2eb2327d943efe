package dev.descent.nn;

import dev.descent.tensor.Tensor;

/** 1 / (1 + exp(-x)). */
public class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.sigmoid();
    }
}
