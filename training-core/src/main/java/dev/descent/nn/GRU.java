package dev.descent.nn;

import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;

/**
 * Gated recurrent units (PyTorch's gate order r, z, n; see {@link F#gruCell}), stacked and optionally bidirectional.
 */
public class GRU extends RNNBase {

    public GRU(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, true, false, 0, false, Generator.global());
    }

    public GRU(
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
                        RecurrentConfig.Mode.GRU,
                        inputSize,
                        hiddenSize,
                        numLayers,
                        bias,
                        batchFirst,
                        dropout,
                        bidirectional),
                gen);
    }

    /** Output and final hidden state from the initial state h0 [layers * directions, B, hidden] (null: zeros). */
    public RecurrentOutput forward(Tensor input, Tensor h0) {
        return run(input, h0, null);
    }
}
