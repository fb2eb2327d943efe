package dev.descent.nn;

import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;

/** One GRU step (gates r, z, n; see {@link F#gruCell}). */
public class GRUCell extends RecurrentCell {

    public GRUCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, Generator.global());
    }

    public GRUCell(int inputSize, int hiddenSize, boolean bias, Generator gen) {
        super("GRUCell", 3, inputSize, hiddenSize, bias, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null);
    }

    public Tensor forward(Tensor x, Tensor h) {
        return F.gruCell(x, h == null ? zeroState(x) : h, weightIh, weightHh, biasIh, biasHh);
    }
}
