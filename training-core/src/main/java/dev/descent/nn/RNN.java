package dev.descent.nn;

import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;

/**
 * The Elman network: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) (or relu), stacked and optionally
 * bidirectional.
 */
public class RNN extends RNNBase {

    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, "tanh", true, false, 0, false, Generator.global());
    }

    /**
     * @param nonlinearity "tanh" or "relu"; {@code dropout} applied to every layer's output but the last, in training
     */
    public RNN(
            int inputSize,
            int hiddenSize,
            int numLayers,
            String nonlinearity,
            boolean bias,
            boolean batchFirst,
            double dropout,
            boolean bidirectional,
            Generator gen) {
        super(
                new RecurrentConfig(
                        mode(nonlinearity), inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional),
                gen);
    }

    private static RecurrentConfig.Mode mode(String nonlinearity) {
        return switch (nonlinearity) {
            case "tanh" -> RecurrentConfig.Mode.RNN_TANH;
            case "relu" -> RecurrentConfig.Mode.RNN_RELU;
            default ->
                throw new IllegalArgumentException(
                        "RNN: nonlinearity must be 'tanh' or 'relu', got '" + nonlinearity + "'");
        };
    }

    /** Output and final hidden state from the initial state h0 [layers * directions, B, hidden] (null: zeros). */
    public RecurrentOutput forward(Tensor input, Tensor h0) {
        return run(input, h0, null);
    }
}
