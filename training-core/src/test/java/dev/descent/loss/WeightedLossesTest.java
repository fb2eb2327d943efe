package dev.descent.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Class weights, ignore_index, label smoothing, element and positive weights, KL divergence: PyTorch's numbers. */
class WeightedLossesTest {
    private static final Tensor X = Tensor.fromArray(new float[] {1, 2, 0.5f, 0.1f, -1, 3, 2, 0, -1}, 3, 3);
    private static final Tensor T = Tensor.fromArray(new long[] {2, 0, 1});
    private static final Tensor W = Tensor.fromArray(new float[] {0.5f, 2, 1});

    @Test
    void crossEntropyWithClassWeightsIgnoreIndexAndLabelSmoothing() {
        Tensor x = X.detach().requiresGrad_();
        Tensor loss = new CrossEntropyLoss(Reduction.MEAN, 0.2, W, 1).apply(x, T);
        assertThat(loss.item()).isCloseTo(2.4320033, within(1e-5));
        loss.backward();
        assertThat(x.grad().toFloatArray())
                .containsExactly(
                        new float[] {
                            0.13706535f, 0.34409961f, -0.48116499f, -0.26724428f, -0.08168402f, 0.34892827f, 0, 0, 0
                        },
                        within(1e-5f));
    }

    @Test
    void nllWithClassWeightsAndIgnoreIndex() {
        Tensor x = X.detach().requiresGrad_();
        Tensor loss = new NLLLoss(Reduction.MEAN, W, 0).apply(x, T);
        assertThat(loss.item()).isCloseTo(-0.16666667, within(1e-6));
        loss.backward();
        assertThat(x.grad().toFloatArray())
                .containsExactly(new float[] {0, 0, -1f / 3, 0, 0, 0, 0, -2f / 3, 0}, within(1e-6f));
    }

    @Test
    void aMeanOverOnlyIgnoredTargetsIsNaNWithAZeroGradient() {
        Tensor x = X.detach().requiresGrad_();
        Tensor loss = new CrossEntropyLoss(Reduction.MEAN, 0, null, 7).apply(x, Tensor.fromArray(new long[] {7, 7, 7}));
        assertThat(loss.item()).isNaN();
        loss.backward();
        assertThat(x.grad().toFloatArray()).containsOnly(0f);
    }

    @Test
    void binaryCrossEntropyWithWeights() {
        Tensor p = Tensor.fromArray(new float[] {0.2f, 0.9f, 0.6f});
        Tensor y = Tensor.fromArray(new float[] {0, 1, 1});
        assertThat(new BCELoss(Reduction.MEAN, Tensor.fromArray(new float[] {1, 2, 3}))
                        .apply(p, y)
                        .item())
                .isCloseTo(0.65544707, within(1e-6));
        Tensor logits = Tensor.fromArray(new float[] {0.5f, -1, 2}, 1, 3);
        Tensor loss = new BCEWithLogitsLoss(
                        Reduction.MEAN,
                        Tensor.fromArray(new float[] {3, 1, 2}),
                        Tensor.fromArray(new float[] {2, 1, 0.5f}))
                .apply(logits, Tensor.fromArray(new float[] {1, 0, 1}, 1, 3));
        assertThat(loss.item()).isCloseTo(1.0948838, within(1e-6));
        assertThat(new BCEWithLogitsLoss()
                        .apply(
                                Tensor.fromArray(new float[] {Float.POSITIVE_INFINITY}),
                                Tensor.fromArray(new float[] {0.5f}))
                        .item())
                .isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void klDivergenceBatchMeanAndLogTarget() {
        Tensor logp = Tensor.fromArray(new float[] {1, 2, 3, 0, 0, 1}, 2, 3).logSoftmax(1);
        Tensor q = Tensor.fromArray(new float[] {0.2f, 0.3f, 0.5f, 0, 0.5f, 0.5f}, 2, 3);
        assertThat(new KLDivLoss(Reduction.BATCH_MEAN, false).apply(logp, q).item())
                .isCloseTo(0.21812524, within(1e-6));
        assertThat(new KLDivLoss(Reduction.SUM, true)
                        .apply(logp, q.clampMin(1e-9).log())
                        .item())
                .isCloseTo(0.43625039, within(1e-5));
    }

    @Test
    void huberAndSmoothL1HaveFiniteGradientsForAnInfiniteTarget() {
        Tensor x = Tensor.fromArray(new float[] {0.5f, 1}).requiresGrad_();
        Tensor y = Tensor.fromArray(new float[] {Float.POSITIVE_INFINITY, 1.25f});
        new HuberLoss(Reduction.SUM, 0.5).apply(x, y).backward();
        assertThat(x.grad().toFloatArray()).containsExactly(-0.5f, -0.25f);
        Tensor z = x.detach().requiresGrad_();
        new SmoothL1Loss(Reduction.SUM, 0.5).apply(z, y).backward();
        assertThat(z.grad().toFloatArray()).containsExactly(-1f, -0.5f);
    }
}
