package dev.descent.nn;

import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The multi-layer recurrent networks RNN, LSTM and GRU. Parameters follow PyTorch's layout and names, so weights copy
 * to and from libtorch unchanged: for layer k, weight_ih_lk [gates*hidden, in], weight_hh_lk [gates*hidden, hidden],
 * bias_ih_lk, bias_hh_lk, and the same with a _reverse suffix for the backward direction; all initialised
 * U(-1/sqrt(hidden), 1/sqrt(hidden)).
 */
public abstract class RNNBase extends Module {
    public final RecurrentConfig config;
    private final List<Tensor> flatWeights = new ArrayList<>();
    private final Generator gen;

    protected RNNBase(RecurrentConfig config, Generator gen) {
        this.config = config;
        this.gen = gen;
        int rows = config.mode().gates() * config.hiddenSize();
        for (int layer = 0; layer < config.numLayers(); layer++) {
            int in = layer == 0 ? config.inputSize() : config.hiddenSize() * config.directions();
            for (int dir = 0; dir < config.directions(); dir++) {
                String suffix = "_l" + layer + (dir == 1 ? "_reverse" : "");
                flatWeights.add(registerParameter("weight_ih" + suffix, new Parameter(Tensor.zeros(rows, in))));
                flatWeights.add(registerParameter(
                        "weight_hh" + suffix, new Parameter(Tensor.zeros(rows, config.hiddenSize()))));
                if (config.bias()) {
                    flatWeights.add(registerParameter("bias_ih" + suffix, new Parameter(Tensor.zeros(rows))));
                    flatWeights.add(registerParameter("bias_hh" + suffix, new Parameter(Tensor.zeros(rows))));
                }
            }
        }
        resetParameters();
    }

    public void resetParameters() {
        double bound = 1 / Math.sqrt(config.hiddenSize());
        for (Tensor w : flatWeights) Init.uniform_(w, -bound, bound, gen);
    }

    /**
     * Every step's output of the top layer, [T, B, directions * hidden] (batch first: [B, T, ...]), from zero initial
     * states.
     */
    @Override
    public Tensor forward(Tensor input) {
        return run(input, null, null).output();
    }

    protected RecurrentOutput run(Tensor input, Tensor h0, Tensor c0) {
        return F.recurrent(config, input, h0, c0, flatWeights, isTraining(), gen);
    }

    @Override
    protected String extraRepr() {
        StringBuilder sb =
                new StringBuilder().append(config.inputSize()).append(", ").append(config.hiddenSize());
        if (config.numLayers() != 1) sb.append(", num_layers=").append(config.numLayers());
        if (config.mode() == RecurrentConfig.Mode.RNN_RELU) sb.append(", nonlinearity='relu'");
        if (!config.bias()) sb.append(", bias=false");
        if (config.batchFirst()) sb.append(", batch_first=true");
        if (config.dropout() != 0) sb.append(", dropout=").append(config.dropout());
        if (config.bidirectional()) sb.append(", bidirectional=true");
        return sb.toString();
    }
}
