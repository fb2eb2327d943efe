package dev.descent.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Every loss against values worked out by hand. */
class LossesTest {
    private static final Tensor LOGITS = Tensor.fromArray(new float[] {0, (float) Math.log(3), 0, 0, 0, 0}, 2, 3);
    private static final Tensor LABELS = Tensor.fromArray(new long[] {1, 2});

    private static Tensor floats(float... v) {
        return Tensor.fromArray(v);
    }

    @Test
    void crossEntropyIsMinusTheLogProbabilityOfTheClass() {
        // Row 0: softmax (1/5, 3/5, 1/5), class 1 -> -log(3/5); row 1: uniform over 3 -> log 3.
        double r0 = -Math.log(0.6), r1 = Math.log(3);
        assertThat(new CrossEntropyLoss().apply(LOGITS, LABELS).item()).isCloseTo((r0 + r1) / 2, within(1e-6));
        assertThat(new CrossEntropyLoss(Reduction.SUM, 0).apply(LOGITS, LABELS).item())
                .isCloseTo(r0 + r1, within(1e-6));
        assertThat(new CrossEntropyLoss(Reduction.NONE, 0).apply(LOGITS, LABELS).toFloatArray())
                .containsExactly(new float[] {(float) r0, (float) r1}, within(1e-6f));
    }

    @Test
    void labelSmoothingMixesInTheUniformDistribution() {
        double e = 0.3;
        double logp1 = Math.log(0.6), logp0 = Math.log(0.2);
        double r0 = -(1 - e) * logp1 - e / 3 * (logp0 + logp1 + logp0);
        double r1 = Math.log(3); // uniform predictions cost log 3 against any target distribution
        Tensor loss = new CrossEntropyLoss(Reduction.NONE, e).apply(LOGITS, LABELS);
        assertThat(loss.toFloatArray()).containsExactly(new float[] {(float) r0, (float) r1}, within(1e-6f));
    }

    @Test
    void crossEntropyGradientIsSoftmaxMinusTarget() {
        Tensor x = LOGITS.detach().requiresGrad_();
        new CrossEntropyLoss(Reduction.SUM, 0.3).apply(x, LABELS).backward();
        float[] g = x.grad().toFloatArray();
        assertThat(g)
                .containsExactly(
                        new float[] {0.2f - 0.1f, 0.6f - 0.8f, 0.2f - 0.1f, 1 / 3f - 0.1f, 1 / 3f - 0.1f, 1 / 3f - 0.8f
                        },
                        within(1e-6f));
        Tensor y = LOGITS.detach().requiresGrad_();
        new CrossEntropyLoss().apply(y, LABELS).backward();
        assertThat(y.grad().toFloatArray()[1]).isCloseTo((0.6f - 1) / 2, within(1e-6f));
    }

    @Test
    void crossEntropyIsStableForHugeLogits() {
        Tensor x = Tensor.fromArray(new float[] {1e4f, -1e4f, 0, 1e4f}, 2, 2).requiresGrad_();
        Tensor loss = new CrossEntropyLoss(Reduction.NONE, 0).apply(x, Tensor.fromArray(new long[] {1, 1}));
        assertThat(loss.toFloatArray()).containsExactly(new float[] {2e4f, 0f}, within(1e-6f));
        loss.sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(1f, -1f, 0f, 0f);
    }

    @Test
    void crossEntropyTakesUnbatchedAndSpatialScores() {
        assertThat(new CrossEntropyLoss()
                        .apply(floats(0, (float) Math.log(3), 0), Tensor.scalar(1, DType.INT64))
                        .item())
                .isCloseTo(-Math.log(0.6), within(1e-6));
        // [N=1, C=3, 2 positions]: position 0 is LOGITS row 0, position 1 is row 1.
        Tensor spatial = LOGITS.t().unsqueeze(0);
        Tensor perPosition =
                new CrossEntropyLoss(Reduction.NONE, 0).apply(spatial, Tensor.fromArray(new long[] {1, 2}, 1, 2));
        assertThat(perPosition.sizes()).containsExactly(1, 2);
        assertThat(perPosition.toFloatArray())
                .containsExactly(new float[] {(float) -Math.log(0.6), (float) Math.log(3)}, within(1e-6f));
    }

    @Test
    void crossEntropyRejectsBadTargets() {
        var ce = new CrossEntropyLoss();
        assertThatThrownBy(() -> ce.apply(LOGITS, Tensor.fromArray(new float[] {1, 2})))
                .hasMessageContaining("cross_entropy: target must be int64 class indices, got float32");
        assertThatThrownBy(() -> ce.apply(LOGITS, Tensor.fromArray(new int[] {1, 2})))
                .hasMessageContaining("got int32; convert it with to(DType.INT64)");
        assertThatThrownBy(() -> ce.apply(LOGITS, Tensor.fromArray(new long[] {1, 3})))
                .hasMessageContaining("target class 3 is out of range for 3 classes");
        assertThatThrownBy(() -> ce.apply(LOGITS, Tensor.fromArray(new long[] {-1, 0})))
                .hasMessageContaining("target class -1");
        assertThatThrownBy(() -> ce.apply(LOGITS, Tensor.fromArray(new long[] {1, 2, 0})))
                .hasMessageContaining("output [2, 3] (batch, classes) needs a target of shape [2], got [3]");
        assertThatThrownBy(() -> ce.apply(Tensor.arange(6).reshape(2, 3), LABELS))
                .hasMessageContaining("must be floating point");
        assertThatThrownBy(() -> new CrossEntropyLoss(Reduction.MEAN, 1.5))
                .hasMessageContaining("label smoothing must be in [0, 1]");
    }

    @Test
    void nllPicksTheNegatedLogProbability() {
        Tensor logp = Tensor.fromArray(new float[] {-1, -2, -3, -0.5f, -4, -6}, 2, 3);
        assertThat(new NLLLoss().apply(logp, LABELS).item()).isCloseTo((2 + 6) / 2.0, within(1e-6));
        assertThat(new NLLLoss(Reduction.NONE).apply(logp, LABELS).toFloatArray())
                .containsExactly(2f, 6f);
        assertThatThrownBy(() -> new NLLLoss().apply(logp, Tensor.fromArray(new long[] {0, 5})))
                .hasMessageContaining("nll: target class 5");
    }

    @Test
    void regressionLosses() {
        Tensor out = floats(1, -2, 0.5f, 3), target = floats(0, 0, 0, 0);
        assertThat(new MSELoss().apply(out, target).item()).isCloseTo((1 + 4 + 0.25 + 9) / 4, within(1e-6));
        assertThat(new MSELoss(Reduction.SUM).apply(out, target).item()).isCloseTo(14.25, within(1e-6));
        assertThat(new L1Loss().apply(out, target).item()).isCloseTo(6.5 / 4, within(1e-6));
        // smooth L1 with beta 1: 0.5 d^2 below 1, |d| - 0.5 above: 0.5, 1.5, 0.125, 2.5.
        assertThat(new SmoothL1Loss(Reduction.NONE, 1).apply(out, target).toFloatArray())
                .containsExactly(0.5f, 1.5f, 0.125f, 2.5f);
        assertThat(new SmoothL1Loss(Reduction.NONE, 0).apply(out, target).toFloatArray())
                .containsExactly(1f, 2f, 0.5f, 3f);
        // Huber with delta 2: 0.5 d^2 up to 2, then 2 (|d| - 1): 0.5, 2, 0.125, 4.
        assertThat(new HuberLoss(Reduction.NONE, 2).apply(out, target).toFloatArray())
                .containsExactly(0.5f, 2f, 0.125f, 4f);
        assertThat(new MSELoss()
                        .apply(out, Tensor.fromArray(new long[] {1, -2, 0, 3}))
                        .item())
                .isCloseTo(0.0625, within(1e-6));
    }

    @Test
    void regressionLossesRejectMismatchedShapes() {
        assertThatThrownBy(() -> new MSELoss().apply(Tensor.zeros(4, 1), Tensor.zeros(4)))
                .hasMessageContaining("mse: target shape [4] does not match output shape [4, 1]; reshape the target");
        assertThatThrownBy(() -> new HuberLoss(Reduction.MEAN, 0)).hasMessageContaining("delta must be > 0");
    }

    @Test
    void binaryCrossEntropyOnProbabilitiesAndLogits() {
        Tensor p = floats(0.8f, 0.25f), y = floats(1, 0);
        double expected = -(Math.log(0.8) + Math.log(0.75)) / 2;
        assertThat(new BCELoss().apply(p, y).item()).isCloseTo(expected, within(1e-6));
        Tensor logits = floats((float) Math.log(4), (float) -Math.log(3)); // sigmoid gives 0.8 and 0.25
        assertThat(new BCEWithLogitsLoss().apply(logits, y).item()).isCloseTo(expected, within(1e-6));
        Tensor weighted = new BCEWithLogitsLoss(Reduction.NONE, floats(3)).apply(logits, y);
        assertThat(weighted.toFloatArray())
                .containsExactly(new float[] {(float) (-3 * Math.log(0.8)), (float) -Math.log(0.75)}, within(1e-6f));
    }

    @Test
    void binaryCrossEntropyStaysFiniteWhereSigmoidSaturates() {
        Tensor p = floats(1, 0, 1).requiresGrad_();
        Tensor loss = new BCELoss(Reduction.NONE).apply(p, floats(1, 1, 0));
        assertThat(loss.toFloatArray()).containsExactly(new float[] {0f, 100f, 100f}, within(1e-6f));
        loss.sum().backward();
        for (float g : p.grad().toFloatArray()) assertThat(Float.isFinite(g)).isTrue();
        Tensor big = floats(100, -100).requiresGrad_();
        Tensor withLogits = new BCEWithLogitsLoss(Reduction.SUM, null).apply(big, floats(0, 1));
        assertThat(withLogits.item()).isCloseTo(200, within(1e-3));
        withLogits.backward();
        assertThat(big.grad().toFloatArray()).containsExactly(1f, -1f);
        assertThatThrownBy(() -> new BCELoss().apply(floats(1.5f), floats(1)))
                .hasMessageContaining("probabilities in [0, 1]")
                .hasMessageContaining("bce_with_logits");
    }

    @Test
    void lossesAreCreatedBySpecName() {
        for (String name : Losses.NAMES) assertThat(Losses.create(name).name()).isEqualTo(name);
        assertThat(Losses.create("cross_entropy")).isEqualTo(new CrossEntropyLoss(Reduction.MEAN, 0));
        assertThat(Losses.create("mse", Reduction.SUM)
                        .apply(floats(1, 2), floats(0, 0))
                        .item())
                .isEqualTo(5.0);
        assertThatThrownBy(() -> Losses.create("hinge"))
                .hasMessageContaining("unknown loss 'hinge'")
                .hasMessageContaining("cross_entropy");
        assertThatThrownBy(() -> Losses.create(null)).hasMessageContaining("unknown loss 'null'");
    }
}
