package dev.descent.nn;

import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;

/** One LSTM step (gates i, f, g, o; see {@link F#lstmCell}). */
public class LSTMCell extends RecurrentCell {

    public LSTMCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, Generator.global());
    }

    public LSTMCell(int inputSize, int hiddenSize, boolean bias, Generator gen) {
        super("LSTMCell", 4, inputSize, hiddenSize, bias, gen);
    }

    /** The new hidden state h' from zero states (use {@link #forward(Tensor, HiddenState)} to get c' too). */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null).h();
    }

    /** (h', c') from (h, c); a null state means zeros. */
    public HiddenState forward(Tensor x, HiddenState state) {
        Tensor h = state == null ? zeroState(x) : state.h(), c = state == null ? zeroState(x) : state.c();
        return F.lstmCell(x, h, c, weightIh, weightHh, biasIh, biasHh);
    }
}
