package dev.descent.data;

import dev.descent.tensor.Tensor;

/** Features [n, ...] and targets [n, ...] of n examples. */
public record Batch(Tensor features, Tensor targets) {
    public int size() {
        return features.size(0);
    }
}
