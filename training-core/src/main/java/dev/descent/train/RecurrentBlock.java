package dev.descent.train;

import dev.descent.backend.Generator;
import dev.descent.nn.RNNBase;
import dev.descent.nn.RecurrentConfig;
import dev.descent.nn.RecurrentOutput;
import dev.descent.spec.LayerSpec;
import dev.descent.tensor.Tensor;

/**
 * A spec's rnn/lstm/gru layer: a batch-first recurrent network over [batch, steps, features] that returns every step's
 * output [batch, steps, directions * hidden] or, by default, the last state of the top layer [batch, directions *
 * hidden] (for two directions, the forward direction's last step next to the backward direction's first, as PyTorch
 * models usually concatenate h_n). Parameters keep PyTorch's names.
 */
public final class RecurrentBlock extends RNNBase {
    private final boolean returnSequences;

    RecurrentBlock(LayerSpec.Recurrent spec, int features, Generator gen) {
        super(
                new RecurrentConfig(
                        mode(spec.cell()), features, spec.hidden(), spec.layers(), true, true, 0, spec.bidirectional()),
                gen);
        this.returnSequences = spec.returnSequences();
    }

    private static RecurrentConfig.Mode mode(String cell) {
        return switch (cell) {
            case "lstm" -> RecurrentConfig.Mode.LSTM;
            case "gru" -> RecurrentConfig.Mode.GRU;
            default -> RecurrentConfig.Mode.RNN_TANH;
        };
    }

    @Override
    public Tensor forward(Tensor input) {
        RecurrentOutput out = run(input, null, null);
        if (returnSequences) return out.output();
        int top = (config.numLayers() - 1) * config.directions();
        Tensor h = out.h();
        return config.bidirectional() ? Tensor.cat(-1, h.select(0, top), h.select(0, top + 1)) : h.select(0, top);
    }

    @Override
    protected String extraRepr() {
        return config.mode().label() + ", " + super.extraRepr() + (returnSequences ? ", return_sequences=true" : "");
    }
}
