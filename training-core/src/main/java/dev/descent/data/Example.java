package dev.descent.data;

import dev.descent.tensor.Tensor;

/** One sample: its features and its target (a class index or a regression value). */
public record Example(Tensor features, Tensor target) {}
