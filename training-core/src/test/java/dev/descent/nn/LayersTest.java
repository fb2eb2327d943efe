package dev.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.autograd.GradMode;
import dev.descent.backend.DType;
import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Linear, dropout, normalisation, embedding, flatten, activations and initialisers against hand-computed values. */
class LayersTest {

    private static void set(Tensor t, float... values) {
        try (var _ = GradMode.noGrad()) {
            t.copy_(Tensor.fromArray(values, t.sizes()));
        }
    }

    @Test
    void linearComputesXWTransposedPlusB() {
        Linear l = new Linear(3, 2);
        set(l.weight, 1, 2, 3, -1, 0, 1);
        set(l.bias, 0.5f, -0.5f);
        Tensor x = Tensor.fromArray(new float[] {1, 1, 1, 2, 0, -1}, 2, 3);
        assertThat(l.forward(x).toFloatArray()).containsExactly(6.5f, -0.5f, -0.5f, -3.5f);
        assertThat(l.forward(x.get(0)).toFloatArray()).containsExactly(6.5f, -0.5f);
        assertThat(l.forward(Tensor.ones(4, 5, 3)).sizes()).containsExactly(4, 5, 2);
        assertThat(new Linear(3, 2, false).bias).isNull();
    }

    @Test
    void linearGradientsAreTheClosedForms() {
        Linear l = new Linear(3, 2);
        Tensor x = Tensor.fromArray(new float[] {1, 2, 3, -1, 0, 2}, 2, 3).requiresGrad_();
        Tensor g = Tensor.fromArray(new float[] {1, -1, 2, 0.5f}, 2, 2);
        l.forward(x).backward(g);
        assertThat(l.weight.grad().allClose(g.t().matmul(x.detach()), 1e-6, 1e-6))
                .isTrue();
        assertThat(l.bias.grad().toFloatArray()).containsExactly(3f, -0.5f);
        assertThat(x.grad().allClose(g.matmul(l.weight.detach()), 1e-6, 1e-6)).isTrue();
        assertThat(l.weight.grad().isContiguous()).isTrue();
    }

    @Test
    void linearRejectsMismatchedInputs() {
        Linear l = new Linear(3, 2);
        assertThatThrownBy(() -> l.forward(Tensor.zeros(2, 4)))
                .hasMessageContaining("input of shape [2, 4] does not fit weight [2, 3]");
        assertThatThrownBy(() -> l.forward(Tensor.zeros(DType.FLOAT64, 2, 3)))
                .hasMessageContaining("input is float64 but weight is float32");
        assertThatThrownBy(() -> new Linear(0, 2)).hasMessageContaining("must be > 0");
    }

    @Test
    void linearUsesPyTorchsDefaultBoundsAndIsReproducible() {
        Linear a = new Linear(100, 50, true, new Generator(7)), b = new Linear(100, 50, true, new Generator(7));
        assertThat(a.weight.toFloatArray()).containsExactly(b.weight.toFloatArray());
        try (var _ = GradMode.noGrad()) {
            assertThat(a.weight.abs().max().item()).isLessThanOrEqualTo(0.1).isGreaterThan(0.095);
            assertThat(a.bias.abs().max().item()).isLessThanOrEqualTo(0.1);
            // U(-a, a) has standard deviation a / sqrt(3).
            assertThat(a.weight.std().item()).isCloseTo(0.1 / Math.sqrt(3), within(0.003));
        }
    }

    @Test
    void dropoutZeroesAboutPAndScalesTheRestInTrainingOnly() {
        Dropout d = new Dropout(0.25, new Generator(3));
        Tensor x = Tensor.ones(200, 100);
        float[] y = d.forward(x).toFloatArray();
        int zeros = 0;
        for (float v : y) {
            if (v == 0) zeros++;
            else assertThat(v).isCloseTo(1 / 0.75f, within(1e-6f));
        }
        assertThat(zeros / 20000.0).isCloseTo(0.25, within(0.015));
        d.eval();
        assertThat(d.forward(x)).isSameAs(x);
        assertThat(new Dropout(1.0).forward(x).sum().item()).isZero();
        assertThatThrownBy(() -> new Dropout(1.5)).hasMessageContaining("[0, 1]");
    }

    @Test
    void dropoutGradientFollowsTheMask() {
        Tensor x = Tensor.ones(50).requiresGrad_();
        Tensor y = F.dropout(x, 0.5, true, new Generator(1));
        y.sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(y.detach().toFloatArray());
    }

    @Test
    void batchNormTrainingNormalisesAndUpdatesRunningStatistics() {
        BatchNorm1d bn = new BatchNorm1d(2);
        Tensor x = Tensor.fromArray(new float[] {1, 10, 3, 20, 5, 30, 7, 40}, 4, 2);
        Tensor y = bn.forward(x);
        // Column 0: mean 4, biased variance 5, unbiased 20/3.
        float s0 = (float) (1 / Math.sqrt(5 + 1e-5));
        assertThat(y.toFloatArray()[0]).isCloseTo(-3 * s0, within(1e-5f));
        assertThat(y.toFloatArray()[6]).isCloseTo(3 * s0, within(1e-5f));
        assertThat(bn.runningMean.toFloatArray()).containsExactly(new float[] {0.4f, 2.5f}, within(1e-6f));
        assertThat(bn.runningVar.toFloatArray()[0]).isCloseTo(0.9f + 0.1f * 20 / 3f, within(1e-5f));
        assertThat(bn.runningVar.toFloatArray()[1]).isCloseTo(0.9f + 0.1f * 500 / 3f, within(1e-4f));
        assertThat(bn.numBatchesTracked.itemLong()).isEqualTo(1);
        bn.forward(x);
        assertThat(bn.runningMean.toFloatArray()[0]).isCloseTo(0.9f * 0.4f + 0.4f, within(1e-6f));
    }

    @Test
    void batchNormEvalUsesRunningStatistics() {
        BatchNorm2d bn = new BatchNorm2d(2);
        set(bn.runningMean, 1, -2);
        set(bn.runningVar, 4, 0.25f);
        set(bn.weight, 2, 1);
        set(bn.bias, 0, 10);
        bn.eval();
        Tensor x = Tensor.fromArray(new float[] {3, 5, 0, 2}, 1, 2, 1, 2);
        float[] y = bn.forward(x).toFloatArray();
        assertThat(y[0]).isCloseTo(2 * 2 / (float) Math.sqrt(4 + 1e-5), within(1e-5f));
        assertThat(y[1]).isCloseTo(2 * 4 / (float) Math.sqrt(4 + 1e-5), within(1e-5f));
        assertThat(y[2]).isCloseTo(10 + 2 / (float) Math.sqrt(0.25 + 1e-5), within(1e-4f));
        assertThat(bn.numBatchesTracked.itemLong()).isZero();
        assertThat(bn.runningMean.toFloatArray()).containsExactly(1, -2);
    }

    @Test
    void batchNormNeedsMoreThanOneValuePerChannelToTrain() {
        assertThatThrownBy(() -> new BatchNorm1d(3).forward(Tensor.ones(1, 3)))
                .hasMessageContaining("more than 1 value per channel");
        assertThatThrownBy(() -> new BatchNorm2d(3).forward(Tensor.ones(2, 4, 2, 2)))
                .hasMessageContaining("with 4 channels");
        assertThatThrownBy(() -> new BatchNorm2d(3).forward(Tensor.ones(2, 3))).hasMessageContaining("[N, C, H, W]");
    }

    @Test
    void layerNormNormalisesEachRow() {
        LayerNorm ln = new LayerNorm(4);
        set(ln.weight, 1, 1, 2, 2);
        set(ln.bias, 0, 0, 0, 1);
        Tensor x = Tensor.fromArray(new float[] {1, 2, 3, 4, 10, 10, 10, 10}, 2, 4);
        float[] y = ln.forward(x).toFloatArray();
        double sd = Math.sqrt(1.25 + 1e-5);
        assertThat(y[0]).isCloseTo((float) (-1.5 / sd), within(1e-5f));
        assertThat(y[3]).isCloseTo((float) (2 * 1.5 / sd + 1), within(1e-5f));
        assertThat(y[4]).isCloseTo(0f, within(1e-6f));
        assertThat(y[7]).isCloseTo(1f, within(1e-6f));
        assertThatThrownBy(() -> ln.forward(Tensor.zeros(2, 3)))
                .hasMessageContaining("must end with the normalized shape [4]");
    }

    @Test
    void embeddingLooksUpRows() {
        Embedding e = new Embedding(4, 2, new Generator(1));
        set(e.weight, 0, 1, 10, 11, 20, 21, 30, 31);
        Tensor y = e.forward(Tensor.fromArray(new long[] {3, 0, 2, 2}, 2, 2));
        assertThat(y.sizes()).containsExactly(2, 2, 2);
        assertThat(y.toFloatArray()).containsExactly(30, 31, 0, 1, 20, 21, 20, 21);
        assertThat(e.forward(Tensor.fromArray(new float[] {1, 3})).toFloatArray())
                .containsExactly(10, 11, 30, 31);
        assertThatThrownBy(() -> e.forward(Tensor.fromArray(new long[] {4})))
                .hasMessageContaining("index 4 is out of range for 4 embeddings");
        assertThatThrownBy(() -> e.forward(Tensor.fromArray(new boolean[] {true})))
                .hasMessageContaining("bool");
    }

    @Test
    void flattenMergesAllButTheBatchDimension() {
        assertThat(new Flatten().forward(Tensor.zeros(2, 3, 4, 5)).sizes()).containsExactly(2, 60);
        assertThat(new Flatten(2, 3).forward(Tensor.zeros(2, 3, 4, 5)).sizes()).containsExactly(2, 3, 20);
    }

    @Test
    void activationsMatchTheirFormulas() {
        Tensor x = Tensor.fromArray(new float[] {-2, -0.5f, 0, 1.5f});
        assertThat(new ReLU().forward(x).toFloatArray()).containsExactly(0, 0, 0, 1.5f);
        assertThat(new LeakyReLU(0.1).forward(x).toFloatArray())
                .containsExactly(new float[] {-0.2f, -0.05f, 0, 1.5f}, within(1e-7f));
        assertThat(new Sigmoid().forward(x).toFloatArray()[3])
                .isCloseTo((float) (1 / (1 + Math.exp(-1.5))), within(1e-6f));
        assertThat(new Tanh().forward(x).toFloatArray()[0]).isCloseTo((float) Math.tanh(-2), within(1e-6f));
        // GELU(x) = x Phi(x); Phi(1.5) = 0.9331928.
        assertThat(new GELU().forward(x).toFloatArray()[3]).isCloseTo(1.5f * 0.9331928f, within(1e-5f));
        assertThat(new GELU("tanh").forward(x).toFloatArray()[3]).isCloseTo(1.5f * 0.9331928f, within(1e-3f));
        Tensor rows = Tensor.fromArray(new float[] {0, (float) Math.log(3)}, 1, 2);
        assertThat(new Softmax(-1).forward(rows).toFloatArray())
                .containsExactly(new float[] {0.25f, 0.75f}, within(1e-6f));
        assertThat(new LogSoftmax(1).forward(rows).toFloatArray())
                .containsExactly(new float[] {(float) Math.log(0.25), (float) Math.log(0.75)}, within(1e-6f));
        assertThatThrownBy(() -> new GELU("fast")).hasMessageContaining("'none' or 'tanh'");
    }

    @Test
    void initialisersHaveTheirDocumentedSpread() {
        Generator gen = new Generator(5);
        Tensor w = Tensor.zeros(400, 300);
        try (var _ = GradMode.noGrad()) {
            Init.normalFanIn_(w, gen);
            assertThat(w.std().item()).isCloseTo(1 / Math.sqrt(300), within(0.002));
            Init.xavierUniform_(w, 1, gen);
            double a = Math.sqrt(6.0 / 700);
            assertThat(w.abs().max().item()).isLessThanOrEqualTo(a).isGreaterThan(0.99 * a);
            Init.xavierNormal_(w, 2, gen);
            assertThat(w.std().item()).isCloseTo(2 * Math.sqrt(2.0 / 700), within(0.002));
            Init.kaimingNormal_(w, 0, Init.Mode.FAN_OUT, "relu", gen);
            assertThat(w.std().item()).isCloseTo(Math.sqrt(2) / Math.sqrt(400), within(0.002));
            Init.kaimingUniform_(w, 0, Init.Mode.FAN_IN, "relu", gen);
            assertThat(w.abs().max().item()).isLessThanOrEqualTo(Math.sqrt(6.0 / 300));
            assertThat(w.mean().item()).isCloseTo(0, within(0.002));
        }
        assertThat(Init.gain("tanh", 0)).isEqualTo(5.0 / 3);
        assertThat(Init.gain("leaky_relu", 0.2)).isCloseTo(Math.sqrt(2 / 1.04), within(1e-12));
        assertThat(Init.fans(Tensor.zeros(6, 3, 5, 5))).isEqualTo(new Init.Fans(75, 150));
        assertThatThrownBy(() -> Init.fans(Tensor.zeros(3))).hasMessageContaining("at least 2 dimensions");
        assertThatThrownBy(() -> Init.gain("swish", 0)).hasMessageContaining("unknown nonlinearity 'swish'");
    }

    @Test
    void stateDictOfALayerHasPyTorchsKeys() {
        Map<String, Tensor> bn = new BatchNorm2d(3).stateDict();
        assertThat(bn.keySet()).containsExactly("weight", "bias", "running_mean", "running_var", "num_batches_tracked");
        assertThat(new Conv2d(1, 2, 3).stateDict().get("weight").sizes()).containsExactly(2, 1, 3, 3);
        assertThat(new Embedding(5, 2).stateDict().keySet()).containsExactly("weight");
    }
}
