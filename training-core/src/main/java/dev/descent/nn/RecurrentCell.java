package dev.descent.nn;

import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;

/**
 * One step of a recurrent network, with PyTorch's parameters weight_ih [gates*hidden, in], weight_hh [gates*hidden,
 * hidden], bias_ih, bias_hh, initialised U(-1/sqrt(hidden), 1/sqrt(hidden)).
 */
public abstract class RecurrentCell extends Module {
    public final int inputSize, hiddenSize;
    public final Parameter weightIh, weightHh, biasIh, biasHh;
    private final Generator gen;

    protected RecurrentCell(String name, int gates, int inputSize, int hiddenSize, boolean bias, Generator gen) {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException(
                    name + ": input_size and hidden_size must be > 0, got " + inputSize + " and " + hiddenSize);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.gen = gen;
        weightIh = registerParameter("weight_ih", new Parameter(Tensor.zeros(gates * hiddenSize, inputSize)));
        weightHh = registerParameter("weight_hh", new Parameter(Tensor.zeros(gates * hiddenSize, hiddenSize)));
        biasIh = registerParameter("bias_ih", bias ? new Parameter(Tensor.zeros(gates * hiddenSize)) : null);
        biasHh = registerParameter("bias_hh", bias ? new Parameter(Tensor.zeros(gates * hiddenSize)) : null);
        resetParameters();
    }

    public void resetParameters() {
        double bound = 1 / Math.sqrt(hiddenSize);
        for (Parameter p : parameters()) Init.uniform_(p, -bound, bound, gen);
    }

    /** A zero state for input x [B, in] or [in]. */
    protected Tensor zeroState(Tensor x) {
        if (x.dim() != 1 && x.dim() != 2)
            throw new IllegalArgumentException(getClass().getSimpleName()
                    + " expects input [batch, features] or [features], got shape " + x.shape());
        return x.dim() == 1 ? Tensor.zeros(x.dtype(), hiddenSize) : Tensor.zeros(x.dtype(), x.size(0), hiddenSize);
    }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (biasIh == null ? ", bias=false" : "");
    }
}
