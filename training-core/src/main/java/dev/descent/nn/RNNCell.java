package dev.descent.nn;

import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;

/** h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh), or relu. */
public class RNNCell extends RecurrentCell {
    public final boolean relu;

    public RNNCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, "tanh", Generator.global());
    }

    public RNNCell(int inputSize, int hiddenSize, boolean bias, String nonlinearity, Generator gen) {
        super("RNNCell", 1, inputSize, hiddenSize, bias, gen);
        if (!nonlinearity.equals("tanh") && !nonlinearity.equals("relu")) {
            throw new IllegalArgumentException(
                    "RNNCell: nonlinearity must be 'tanh' or 'relu', got '" + nonlinearity + "'");
        }
        this.relu = nonlinearity.equals("relu");
    }

    /** One step from a zero hidden state. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null);
    }

    public Tensor forward(Tensor x, Tensor h) {
        return F.rnnCell(x, h == null ? zeroState(x) : h, weightIh, weightHh, biasIh, biasHh, relu);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + (relu ? ", nonlinearity='relu'" : "");
    }
}
