package dev.descent.djl.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.descent.djl.DjlEngine;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.spec.ConfigException;
import dev.descent.spec.OptimizerConfig;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each optimizer, run through libtorch on the loss c_t . W + |W|^2 / 2 (gradient c_t + W, so the trajectory feeds
 * back), follows training-core's optimizer of the same config step for step: every option of every optimizer this
 * engine runs, with training-core's names and defaults.
 */
class DjlOptimizerTest {
    static final int N = 6;
    static final int STEPS = 5;

    @BeforeAll
    static void natives() {
        assumeThat(DjlEngine.unavailableReason()).as("libtorch natives").isNull();
    }

    static Stream<OptimizerConfig> configs() {
        return Stream.of(
                OptimizerConfig.of("sgd", 0.1),
                OptimizerConfig.of("sgd", 0.1)
                        .with("momentum", 0.9)
                        .with("dampening", 0.3)
                        .with("weightDecay", 0.01),
                OptimizerConfig.of("sgd", 0.1).with("momentum", 0.8).with("nesterov", true),
                OptimizerConfig.of("momentum", 0.2),
                OptimizerConfig.of("momentum", 0.2).with("momentum", 0.7),
                OptimizerConfig.of("rmsprop", 0.01),
                OptimizerConfig.of("rmsprop", 0.01)
                        .with("alpha", 0.8)
                        .with("eps", 1e-6)
                        .with("weightDecay", 0.1),
                OptimizerConfig.of("rmsprop", 0.01).with("centered", true).with("momentum", 0.5),
                OptimizerConfig.of("rmsprop", 0.01).with("centered", true),
                OptimizerConfig.of("adam", 0.01)
                        .with("beta1", 0.8)
                        .with("beta2", 0.9)
                        .with("weightDecay", 0.05),
                OptimizerConfig.of("adam", 0.01).with("amsgrad", true),
                OptimizerConfig.of("adamw", 0.01),
                OptimizerConfig.of("adamw", 0.01).with("weightDecay", 0.3).with("amsgrad", true),
                OptimizerConfig.of("adagrad", 0.1)
                        .with("lrDecay", 0.1)
                        .with("initialAccumulator", 0.5)
                        .with("weightDecay", 0.01),
                OptimizerConfig.of("adadelta", 1.0),
                OptimizerConfig.of("adadelta", 1.0)
                        .with("rho", 0.7)
                        .with("eps", 1e-3)
                        .with("weightDecay", 0.01));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void followsTheNativeOptimizerStepForStep(OptimizerConfig config) {
        Random random = new Random(config.toString().hashCode());
        float[] start = new float[N];
        float[][] c = new float[STEPS][N];
        for (int i = 0; i < N; i++) start[i] = (float) random.nextGaussian();
        for (float[] row : c) for (int i = 0; i < N; i++) row[i] = (float) random.nextGaussian();

        Tensor w = Tensor.fromArray(start.clone(), N).requiresGrad_();
        Optimizer<?> reference = Optimizers.create(config, List.of(w));
        DjlOptimizer optimizer = DjlOptimizer.of(config);
        try (NDManager root = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray weight = root.create(start, new Shape(N));
            weight.setRequiresGradient(true);
            List<DjlOptimizer.NamedArray> params = List.of(new DjlOptimizer.NamedArray("w", weight));
            for (int t = 0; t < STEPS; t++) {
                reference.zeroGrad();
                Tensor.fromArray(c[t], N)
                        .mul(w)
                        .sum()
                        .add(w.square().sum().mul(0.5))
                        .backward();
                reference.step();
                try (NDManager step = root.newSubManager()) {
                    JniUtils.setGradMode(true);
                    NDArray square = weight.square();
                    square.attach(step);
                    NDArray loss =
                            step.create(c[t]).mul(weight).sum().add(square.sum().mul(0.5));
                    JniUtils.backward((PtNDArray) loss, (PtNDArray) step.ones(new Shape()), false, false);
                    JniUtils.setGradMode(false);
                    NDArray grad = weight.getGradient();
                    grad.attach(step);
                    optimizer.step(params, List.of(grad), config.lr(), step);
                    JniUtils.zeroGrad((PtNDArray) weight);
                }
                float[] got = weight.toFloatArray(), expected = w.toFloatArray();
                for (int i = 0; i < N; i++) {
                    assertThat(got[i])
                            .as("w[%d] after step %d", i, t + 1)
                            .isCloseTo(expected[i], within(1e-5f * (1 + Math.abs(expected[i]))));
                }
            }
            assertThat(optimizer.steps()).isEqualTo(STEPS);
        } finally {
            JniUtils.setGradMode(false);
        }
    }

    /** The checks and messages are training-core's, so both engines refuse a config in the same words. */
    @Test
    void badHyperParametersNameTheirOptionAsTheNativeEngineDoes() {
        List<OptimizerConfig> bad = List.of(
                OptimizerConfig.of("sgd", 0.1).with("nesterov", true),
                OptimizerConfig.of("rmsprop", 0.1).with("alpha", 1.0),
                OptimizerConfig.of("adam", 0.1).with("eps", -1),
                OptimizerConfig.of("momentum", 0.1).with("weightDecay", 0.9),
                OptimizerConfig.of("adagrad", 0.1).with("initialAccumulatorValue", 0.1));
        for (OptimizerConfig config : bad) {
            ConfigException expected = org.assertj.core.api.Assertions.catchThrowableOfType(
                    ConfigException.class, () -> Optimizers.validate(config));
            assertThat(expected).as(config.toString()).isNotNull();
            assertThatThrownBy(() -> DjlOptimizer.of(config))
                    .as(config.toString())
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(expected.getMessage());
        }
        assertThatThrownBy(
                        () -> DjlOptimizer.of(OptimizerConfig.of("rmsprop", 0.1).with("alpha", 1.0)))
                .hasMessage("optimizer.alpha: beta must be in [0, 1), got 1");
        assertThatThrownBy(() -> DjlOptimizer.of(OptimizerConfig.of("lbfgs", 1)))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.field()).isEqualTo("optimizer.type"))
                .hasMessageContaining("the djl engine cannot run 'lbfgs'");
    }
}
