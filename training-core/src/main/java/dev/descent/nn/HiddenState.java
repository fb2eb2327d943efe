package dev.descent.nn;

import dev.descent.tensor.Tensor;

/** An LSTM's hidden state h and cell state c. */
public record HiddenState(Tensor h, Tensor c) {}
