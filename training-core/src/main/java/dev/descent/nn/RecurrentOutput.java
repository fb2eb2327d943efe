package dev.descent.nn;

import dev.descent.tensor.Tensor;

/**
 * What a recurrent network returns: every step's top-layer output, and the final hidden state h (and, for an LSTM, cell
 * state c; null otherwise) of every layer and direction, [layers * directions, batch, hidden].
 */
public record RecurrentOutput(Tensor output, Tensor h, Tensor c) {}
