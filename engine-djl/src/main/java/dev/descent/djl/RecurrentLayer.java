package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.recurrent.RNN;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.descent.spec.LayerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * rnn (tanh) / lstm / gru on batch-first input [batch, seq, features], with libtorch's flat weights per layer and
 * direction: weight_ih [gates*hidden, in], weight_hh [gates*hidden, hidden], bias_ih, bias_hh (the native engine's
 * names and layout). Starts from a zero state; outputs every step, or the final hidden state.
 */
final class RecurrentLayer implements Layer {
    private final LayerSpec.Recurrent spec;
    private final List<Param> params = new ArrayList<>();
    private final NDList flat = new NDList();

    RecurrentLayer(String prefix, LayerSpec.Recurrent spec, InitialWeights init) {
        this.spec = spec;
        for (int layer = 0; layer < spec.layers(); layer++) {
            for (int dir = 0; dir < (spec.bidirectional() ? 2 : 1); dir++) {
                String suffix = "_l" + layer + (dir == 1 ? "_reverse" : "");
                for (String kind : new String[] {"weight_ih", "weight_hh", "bias_ih", "bias_hh"}) {
                    add(prefix + kind + suffix, init.parameter(prefix + kind + suffix));
                }
            }
        }
    }

    private void add(String name, NDArray array) {
        params.add(new Param(name, array));
        flat.add(array);
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        long batch = x.getShape().get(0);
        Shape state = new Shape((long) spec.layers() * (spec.bidirectional() ? 2 : 1), batch, spec.hidden());
        PtNDArray in = (PtNDArray) x;
        NDList out = switch (spec.cell()) {
            case "lstm" ->
                JniUtils.lstm(
                        in,
                        new NDList(x.getManager().zeros(state), x.getManager().zeros(state)),
                        flat,
                        true,
                        spec.layers(),
                        0,
                        training,
                        spec.bidirectional(),
                        true);
            case "gru" ->
                JniUtils.gru(
                        in,
                        (PtNDArray) x.getManager().zeros(state),
                        flat,
                        true,
                        spec.layers(),
                        0,
                        training,
                        spec.bidirectional(),
                        true);
            default ->
                JniUtils.rnn(
                        in,
                        (PtNDArray) x.getManager().zeros(state),
                        flat,
                        true,
                        spec.layers(),
                        RNN.Activation.TANH,
                        0,
                        training,
                        spec.bidirectional(),
                        true);
        };
        if (spec.returnSequences()) return out.get(0);
        // The last layer's final hidden state: for a bidirectional layer the forward direction's at the last
        // step beside the backward direction's at the first, as PyTorch classifiers concatenate h_n[-2:].
        NDArray finalStates = out.get(1);
        if (!spec.bidirectional()) return finalStates.get(-1);
        return finalStates.get("-2:").transpose(1, 0, 2).reshape(batch, 2L * spec.hidden());
    }

    @Override
    public List<Param> params() {
        return params;
    }
}
