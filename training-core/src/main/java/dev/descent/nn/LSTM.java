package dev.descent.nn;

import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;

/**
 * Long short-term memory (PyTorch's gate order i, f, g, o; see {@link F#lstmCell}), stacked and optionally
 * bidirectional.
 */
public class LSTM extends RNNBase {

    public LSTM(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, true, false, 0, false, Generator.global());
    }

    public LSTM(
            int inputSize,
            int hiddenSize,
            int numLayers,
            boolean bias,
            boolean batchFirst,
            double dropout,
            boolean bidirectional,
            Generator gen) {
        super(
                new RecurrentConfig(
                        RecurrentConfig.Mode.LSTM,
                        inputSize,
                        hiddenSize,
                        numLayers,
                        bias,
                        batchFirst,
                        dropout,
                        bidirectional),
                gen);
    }

    /** Output and final (h, c) from initial states h0, c0 [layers * directions, B, hidden] (null: zeros). */
    public RecurrentOutput forward(Tensor input, Tensor h0, Tensor c0) {
        return run(input, h0, c0);
    }
}
