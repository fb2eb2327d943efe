package dev.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.autograd.GradMode;
import dev.descent.backend.DType;
import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Recurrent networks on a tiny hand-checked case: one input and one hidden unit, every weight 0.5, biases 0, the
 * sequence x = [1, -1]. The expected values were worked out from PyTorch's gate equations.
 */
class RecurrentTest {
    private static final Tensor SEQUENCE = Tensor.fromArray(new float[] {1, -1}, 2, 1, 1); // [T, B, features]

    private static <M extends Module> M halves(M m) {
        try (var _ = GradMode.noGrad()) {
            for (var e : m.namedParameters().entrySet())
                e.getValue().fill_(e.getKey().startsWith("bias") ? 0 : 0.5);
        }
        return m;
    }

    @Test
    void rnnFollowsTheElmanEquation() {
        RecurrentOutput out = halves(new RNN(1, 1)).forward(SEQUENCE, null);
        assertThat(out.output().toFloatArray()).containsExactly(new float[] {0.46211716f, -0.26263955f}, within(1e-6f));
        assertThat(out.h().sizes()).containsExactly(1, 1, 1);
        assertThat(out.h().item()).isCloseTo(-0.26263955, within(1e-6));
        assertThat(out.c()).isNull();
    }

    @Test
    void lstmFollowsPyTorchsGateEquations() {
        RecurrentOutput out = halves(new LSTM(1, 1)).forward(SEQUENCE, null, null);
        assertThat(out.output().toFloatArray())
                .containsExactly(new float[] {0.17426972f, -0.016365084f}, within(1e-6f));
        assertThat(out.c().item()).isCloseTo(-0.041118194, within(1e-6));
    }

    @Test
    void gruFollowsPyTorchsGateEquations() {
        RecurrentOutput out = halves(new GRU(1, 1)).forward(SEQUENCE, null);
        assertThat(out.output().toFloatArray()).containsExactly(new float[] {0.17446802f, -0.19189531f}, within(1e-6f));
    }

    @Test
    void cellsComputeOneStepOfTheNetwork() {
        LSTMCell cell = halves(new LSTMCell(1, 1));
        HiddenState s1 = cell.forward(Tensor.fromArray(new float[] {1}, 1, 1), null);
        HiddenState s2 = cell.forward(Tensor.fromArray(new float[] {-1}, 1, 1), s1);
        assertThat(s2.h().item()).isCloseTo(-0.016365084, within(1e-6));
        assertThat(s2.c().item()).isCloseTo(-0.041118194, within(1e-6));
        Tensor g1 = halves(new GRUCell(1, 1)).forward(Tensor.fromArray(new float[] {1}, 1, 1));
        assertThat(g1.item()).isCloseTo(0.17446802, within(1e-6));
        Tensor r1 = halves(new RNNCell(1, 1)).forward(Tensor.fromArray(new float[] {1}));
        assertThat(r1.sizes()).containsExactly(1);
        assertThat(r1.item()).isCloseTo(0.46211716, within(1e-6));
        Tensor relu = halves(new RNNCell(1, 1, true, "relu", new Generator(1)))
                .forward(Tensor.fromArray(new float[] {-1}, 1, 1));
        assertThat(relu.item()).isZero();
    }

    @Test
    void theSequenceModuleAgreesWithItsCellStepByStep() {
        Generator gen = new Generator(21);
        LSTM lstm = new LSTM(3, 4, 1, true, false, 0, false, gen);
        LSTMCell cell = new LSTMCell(3, 4);
        cell.loadStateDict(java.util.Map.of(
                "weight_ih",
                lstm.stateDict().get("weight_ih_l0"),
                "weight_hh",
                lstm.stateDict().get("weight_hh_l0"),
                "bias_ih",
                lstm.stateDict().get("bias_ih_l0"),
                "bias_hh",
                lstm.stateDict().get("bias_hh_l0")));
        Tensor x = Tensor.randn(gen, 5, 2, 3);
        Tensor h0 = Tensor.randn(gen, 1, 2, 4), c0 = Tensor.randn(gen, 1, 2, 4);
        RecurrentOutput out = lstm.forward(x, h0, c0);
        HiddenState s = new HiddenState(h0.get(0), c0.get(0));
        for (int t = 0; t < 5; t++) {
            s = cell.forward(x.get(t), s);
            assertThat(out.output().get(t).allClose(s.h(), 1e-5, 1e-6)).isTrue();
        }
        assertThat(out.c().get(0).allClose(s.c(), 1e-5, 1e-6)).isTrue();
    }

    @Test
    void parametersCarryPyTorchsNamesAndShapes() {
        GRU gru = new GRU(3, 5, 2, true, false, 0, true, new Generator(1));
        assertThat(gru.namedParameters().keySet())
                .containsExactly(
                        "weight_ih_l0",
                        "weight_hh_l0",
                        "bias_ih_l0",
                        "bias_hh_l0",
                        "weight_ih_l0_reverse",
                        "weight_hh_l0_reverse",
                        "bias_ih_l0_reverse",
                        "bias_hh_l0_reverse",
                        "weight_ih_l1",
                        "weight_hh_l1",
                        "bias_ih_l1",
                        "bias_hh_l1",
                        "weight_ih_l1_reverse",
                        "weight_hh_l1_reverse",
                        "bias_ih_l1_reverse",
                        "bias_hh_l1_reverse");
        assertThat(gru.namedParameters().get("weight_ih_l0").sizes()).containsExactly(15, 3);
        assertThat(gru.namedParameters().get("weight_ih_l1").sizes()).containsExactly(15, 10);
        assertThat(gru.namedParameters().get("weight_hh_l1_reverse").sizes()).containsExactly(15, 5);
        double bound = 1 / Math.sqrt(5);
        try (var _ = GradMode.noGrad()) {
            for (Parameter p : gru.parameters())
                assertThat(p.abs().max().item()).isLessThanOrEqualTo(bound);
        }
        assertThat(new LSTMCell(2, 3).namedParameters().keySet())
                .containsExactly("weight_ih", "weight_hh", "bias_ih", "bias_hh");
        assertThat(new RNN(2, 3, 1, "tanh", false, false, 0, false, new Generator(1)).namedParameters())
                .hasSize(2);
    }

    @Test
    void multiLayerBidirectionalShapesAndBatchFirstLayout() {
        Generator gen = new Generator(4);
        LSTM seqFirst = new LSTM(3, 4, 2, true, false, 0, true, gen);
        LSTM batchFirst = new LSTM(3, 4, 2, true, true, 0, true, gen);
        batchFirst.loadStateDict(seqFirst.stateDict());
        Tensor x = Tensor.randn(gen, 6, 2, 3);
        RecurrentOutput a = seqFirst.forward(x, null, null);
        RecurrentOutput b = batchFirst.forward(x.transpose(0, 1), null, null);
        assertThat(a.output().sizes()).containsExactly(6, 2, 8);
        assertThat(a.h().sizes()).containsExactly(4, 2, 4);
        assertThat(a.c().sizes()).containsExactly(4, 2, 4);
        assertThat(b.output().sizes()).containsExactly(2, 6, 8);
        assertThat(b.output().transpose(0, 1).allClose(a.output(), 1e-6, 1e-6)).isTrue();
        // The top layer's forward direction ends at the last step, its backward direction at the first.
        assertThat(a.h().get(2).allClose(a.output().get(5).narrow(-1, 0, 4), 1e-6, 1e-6))
                .isTrue();
        assertThat(a.h().get(3).allClose(a.output().get(0).narrow(-1, 4, 4), 1e-6, 1e-6))
                .isTrue();
    }

    @Test
    void unbatchedInputsAndInitialStates() {
        GRU gru = new GRU(2, 3);
        Tensor x = Tensor.randn(new Generator(2), 4, 2);
        RecurrentOutput out = gru.forward(x, Tensor.ones(1, 3));
        assertThat(out.output().sizes()).containsExactly(4, 3);
        assertThat(out.h().sizes()).containsExactly(1, 3);
        RecurrentOutput batched = gru.forward(x.unsqueeze(1), Tensor.ones(1, 1, 3));
        assertThat(batched.output().squeeze(1).allClose(out.output(), 1e-6, 1e-6))
                .isTrue();
        assertThat(gru.forward(x, null).output().allClose(out.output(), 1e-6, 1e-6))
                .isFalse();
    }

    @Test
    void dropoutBetweenLayersOnlyInTraining() {
        RNN rnn = new RNN(2, 8, 3, "tanh", true, false, 0.5, false, new Generator(3));
        Tensor x = Tensor.randn(new Generator(4), 5, 2, 2);
        Tensor trained1 = rnn.forward(x), trained2 = rnn.forward(x);
        assertThat(trained1.allClose(trained2, 1e-6, 1e-6)).isFalse();
        rnn.eval();
        assertThat(rnn.forward(x).allClose(rnn.forward(x), 0, 0)).isTrue();
    }

    @Test
    void badInputsAndStatesAreNamed() {
        LSTM lstm = new LSTM(3, 4);
        assertThatThrownBy(() -> lstm.forward(Tensor.zeros(5, 2, 2)))
                .hasMessageContaining("has 2 features, expected input_size 3");
        assertThatThrownBy(() -> lstm.forward(Tensor.zeros(5, 2, 3), Tensor.zeros(1, 3, 4), null))
                .hasMessageContaining("h0 must have shape [1, 2, 4]");
        assertThatThrownBy(() -> lstm.forward(Tensor.zeros(3))).hasMessageContaining("[seq, batch, features]");
        assertThatThrownBy(() -> new RNN(3, 4, 1, "sigmoid", true, false, 0, false, new Generator(1)))
                .hasMessageContaining("'tanh' or 'relu'");
        assertThatThrownBy(() -> new GRU(3, 0)).hasMessageContaining("hidden_size must be > 0");
    }

    @Test
    void gradientsReachEveryWeightThroughTime() {
        LSTM lstm = new LSTM(2, 3, 2, true, true, 0, true, new Generator(6));
        Tensor x = Tensor.randn(new Generator(7), 2, 4, 2).to(DType.FLOAT32).requiresGrad_();
        lstm.forward(x).square().sum().backward();
        assertThat(lstm.parameters())
                .allMatch(p -> p.grad() != null && p.grad().abs().sum().item() > 0);
        assertThat(x.grad().sizes()).containsExactly(2, 4, 2);
    }
}
