package dev.descent.djl.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.descent.djl.DjlEngine;
import dev.descent.train.ConfigException;
import dev.descent.train.OptimizerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Each optimizer, run through libtorch on the loss c_t . W + |W|^2 / 2 (gradient c_t + W, so the trajectory
 * feeds back), matches the update rule computed step by step in double precision.
 */
class DjlOptimizerTest {
    static final int N = 6;
    static final int STEPS = 4;

    @BeforeAll
    static void natives() {
        assumeThat(DjlEngine.unavailableReason()).as("libtorch natives").isNull();
    }

    static Stream<OptimizerConfig> configs() {
        return Stream.of(
                OptimizerConfig.of("sgd", 0.1),
                OptimizerConfig.of("sgd", 0.1).with("momentum", 0.9).with("dampening", 0.3).with("weightDecay", 0.01),
                OptimizerConfig.of("sgd", 0.1).with("momentum", 0.8).with("nesterov", true),
                OptimizerConfig.of("momentum", 0.2).with("beta", 0.7),
                OptimizerConfig.of("rmsprop", 0.01).with("rho", 0.8).with("eps", 1e-6).with("weightDecay", 0.1),
                OptimizerConfig.of("adam", 0.01).with("beta1", 0.8).with("beta2", 0.9).with("weightDecay", 0.05),
                OptimizerConfig.of("adamw", 0.01).with("weightDecay", 0.3),
                OptimizerConfig.of("adagrad", 0.1).with("lrDecay", 0.1).with("initialAccumulatorValue", 0.5),
                OptimizerConfig.of("adadelta", 1.0).with("rho", 0.7).with("eps", 1e-3).with("weightDecay", 0.01));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void updatesMatchTheRuleWrittenOut(OptimizerConfig config) {
        Random random = new Random(config.toString().hashCode());
        double[] w = new double[N];
        double[][] c = new double[STEPS][N];
        for (int i = 0; i < N; i++) w[i] = random.nextGaussian();
        for (double[] row : c) for (int i = 0; i < N; i++) row[i] = random.nextGaussian();

        float[] start = new float[N];
        for (int i = 0; i < N; i++) start[i] = (float) w[i];
        double[] expected = reference(config, w, c);

        DjlOptimizer optimizer = DjlOptimizer.of(config);
        try (NDManager root = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray weight = root.create(start, new Shape(N));
            weight.setRequiresGradient(true);
            List<DjlOptimizer.NamedArray> params = List.of(new DjlOptimizer.NamedArray("w", weight));
            for (int t = 0; t < STEPS; t++) {
                try (NDManager step = root.newSubManager()) {
                    float[] ct = new float[N];
                    for (int i = 0; i < N; i++) ct[i] = (float) c[t][i];
                    JniUtils.setGradMode(true);
                    NDArray square = weight.square();
                    square.attach(step);
                    NDArray loss = step.create(ct).mul(weight).sum().add(square.sum().mul(0.5));
                    JniUtils.backward((PtNDArray) loss, (PtNDArray) step.ones(new Shape()), false, false);
                    JniUtils.setGradMode(false);
                    NDArray grad = weight.getGradient();
                    grad.attach(step);
                    optimizer.step(params, List.of(grad), config.lr(), step);
                    JniUtils.zeroGrad((PtNDArray) weight);
                }
            }
            float[] got = weight.toFloatArray();
            for (int i = 0; i < N; i++) assertThat((double) got[i]).as("w[%d] after %d steps", i, STEPS).isCloseTo(expected[i], within(1e-5 * (1 + Math.abs(expected[i]))));
            assertThat(optimizer.steps()).isEqualTo(STEPS);
        } finally {
            JniUtils.setGradMode(false);
        }
    }

    /** The update rules in double precision, straight from the class comments. */
    static double[] reference(OptimizerConfig o, double[] w0, double[][] c) {
        double[] w = w0.clone(), a = new double[N], b = new double[N];
        double lr = o.lr();
        if (o.type().equals("adagrad")) java.util.Arrays.fill(a, o.option("initialAccumulatorValue", 0));
        for (int t = 1; t <= c.length; t++) {
            for (int i = 0; i < N; i++) {
                double g = c[t - 1][i] + w[i];
                switch (o.type()) {
                    case "sgd" -> {
                        double m = o.option("momentum", 0), d = o.option("dampening", 0);
                        g += o.option("weightDecay", 0) * w[i];
                        if (m != 0) {
                            a[i] = t == 1 ? g : m * a[i] + (1 - d) * g;
                            g = o.flag("nesterov", false) ? g + m * a[i] : a[i];
                        }
                        w[i] -= lr * g;
                    }
                    case "momentum" -> {
                        double beta = o.option("beta", 0.9);
                        a[i] = beta * a[i] + (1 - beta) * g;
                        w[i] -= lr * a[i];
                    }
                    case "rmsprop" -> {
                        double rho = o.option("rho", 0.9);
                        g += o.option("weightDecay", 0) * w[i];
                        a[i] = rho * a[i] + (1 - rho) * g * g;
                        w[i] -= lr * g / (Math.sqrt(a[i]) + o.option("eps", 1e-8));
                    }
                    case "adam", "adamw" -> {
                        double b1 = o.option("beta1", 0.9), b2 = o.option("beta2", 0.999), wd = o.option("weightDecay", o.type().equals("adamw") ? 0.01 : 0);
                        if (o.type().equals("adamw")) w[i] *= 1 - lr * wd;
                        else g += wd * w[i];
                        a[i] = b1 * a[i] + (1 - b1) * g;
                        b[i] = b2 * b[i] + (1 - b2) * g * g;
                        w[i] -= lr * (a[i] / (1 - Math.pow(b1, t))) / (Math.sqrt(b[i] / (1 - Math.pow(b2, t))) + o.option("eps", 1e-8));
                    }
                    case "adagrad" -> {
                        g += o.option("weightDecay", 0) * w[i];
                        a[i] += g * g;
                        w[i] -= lr / (1 + (t - 1) * o.option("lrDecay", 0)) * g / (Math.sqrt(a[i]) + o.option("eps", 1e-10));
                    }
                    case "adadelta" -> {
                        double rho = o.option("rho", 0.9), eps = o.option("eps", 1e-6);
                        g += o.option("weightDecay", 0) * w[i];
                        a[i] = rho * a[i] + (1 - rho) * g * g;
                        double delta = Math.sqrt(b[i] + eps) / Math.sqrt(a[i] + eps) * g;
                        b[i] = rho * b[i] + (1 - rho) * delta * delta;
                        w[i] -= lr * delta;
                    }
                    default -> throw new IllegalArgumentException(o.type());
                }
            }
        }
        return w;
    }

    @Test
    void badHyperParametersNameTheirOption() {
        assertThatThrownBy(() -> DjlOptimizer.of(OptimizerConfig.of("sgd", 0.1).with("nesterov", true)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.field()).isEqualTo("optimizer.nesterov"));
        assertThatThrownBy(() -> DjlOptimizer.of(OptimizerConfig.of("rmsprop", 0.1).with("rho", 1.0)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage()).isEqualTo("optimizer.rho: must be in [0.0, 1.0), got 1.0"));
        assertThatThrownBy(() -> DjlOptimizer.of(OptimizerConfig.of("adam", 0.1).with("eps", 0)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.field()).isEqualTo("optimizer.eps"));
        assertThatThrownBy(() -> DjlOptimizer.of(OptimizerConfig.of("momentum", 0.1).with("momentum", 0.9)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage()).isEqualTo("optimizer.momentum: unknown option for momentum (known: [beta, weightDecay])"));
        assertThatThrownBy(() -> DjlOptimizer.of(OptimizerConfig.of("lbfgs", 1)))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.field()).isEqualTo("optimizer.type"));
    }
}
