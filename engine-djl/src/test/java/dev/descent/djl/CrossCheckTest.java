package dev.descent.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.descent.backend.Generator;
import dev.descent.data.TensorDataset;
import dev.descent.djl.optim.DjlOptimizer;
import dev.descent.loss.Loss;
import dev.descent.nn.Module;
import dev.descent.nn.Parameter;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.spec.BuiltinModels;
import dev.descent.spec.LayerSpec;
import dev.descent.spec.ModelPlan;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.OptimizerConfig;
import dev.descent.spec.TargetEncoding;
import dev.descent.tensor.Tensor;
import dev.descent.train.ModelBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The djl engine against the native one, on the same spec, the same starting weights (the native model's, copied into
 * libtorch by name) and the same batch: the first step's loss and every parameter's gradient agree to 1e-4, and after
 * optimizer steps of each optimizer both engines hold the same weights to 1e-4. "Relative" is taken per tensor: the
 * largest difference over the largest magnitude, so elements near zero do not make it meaningless.
 *
 * <p>The optimizers are compared from the same gradient, the native one. Two correct float32 gradients differ in their
 * last bits (sums in another order), and RMSprop, Adam and Adagrad, which move a weight by about lr sign(g) on their
 * first step, turn that near g = 0 into an lr/eps-fold larger difference (1e5 for Adam at lr 1e-3). Nor are later
 * steps' own gradients compared: once the weights differ in their last bits, a max-pool window with two near-equal
 * candidates or a ReLU input near zero may route a gradient differently on each engine, which moves single elements of
 * a conv gradient by 1% (seen on lenet). Neither says anything about the engines.
 *
 * <p>Dropout draws different masks on each engine, so specs with dropout run in evaluation mode (where it passes its
 * input through); the others run in training mode.
 */
class CrossCheckTest {
    static final double TOLERANCE = 1e-4;
    static final int BATCH = 16;

    /** keras-mlp, lenet and scratch-mlp as shipped, and recurrent classifiers over [12 steps, 8 features]. */
    static final Map<String, ModelSpec> SPECS = new LinkedHashMap<>();

    static {
        for (String name : List.of("keras-mlp", "lenet", "lenet5", "scratch-mlp"))
            SPECS.put(name, BuiltinModels.builtin(name));
        SPECS.put("lstm", ModelSpec.fromJson("""
                {"name": "lstm", "input": [12, 8], "layers": [
                  {"type": "lstm", "hidden": 16, "layers": 2, "bidirectional": true}, {"type": "linear", "out": 5}], "loss": "cross_entropy"}"""));
        SPECS.put("gru", ModelSpec.fromJson("""
                {"name": "gru", "input": [12, 8], "layers": [
                  {"type": "gru", "hidden": 10, "returnSequences": true}, {"type": "flatten"}, {"type": "linear", "out": 5}], "loss": "cross_entropy"}"""));
        SPECS.put("rnn", ModelSpec.fromJson("""
                {"name": "rnn", "input": [12, 8], "layers": [
                  {"type": "rnn", "hidden": 12, "bidirectional": true}, {"type": "tanh"}, {"type": "linear", "out": 5}], "loss": "cross_entropy"}"""));
    }

    static NDManager manager;

    @BeforeAll
    static void natives() {
        assumeThat(DjlEngine.unavailableReason()).as("libtorch natives").isNull();
        manager = DjlRuntime.newManager();
    }

    @AfterAll
    static void close() {
        if (manager != null) manager.close();
    }

    /** One model on both engines, with one batch of random inputs and class labels. */
    static final class Pair implements AutoCloseable {
        final ModelSpec spec;
        final Module model;
        final Loss loss;
        final Tensor x, y;
        final NDManager scope = manager.newSubManager();
        final Net net;
        final HostData data;
        final int[] order = new int[BATCH];
        final boolean training;

        Pair(String name, long seed) {
            spec = SPECS.get(name);
            ModelPlan plan = ModelPlan.of(spec);
            model = ModelBuilder.build(plan, new Generator(seed));
            loss = ModelBuilder.loss(spec);
            training = spec.layers().stream().noneMatch(l -> l instanceof LayerSpec.Dropout);
            model.train(training);
            Random random = new Random(seed);
            int[] shape = new int[spec.input().length + 1];
            shape[0] = BATCH;
            System.arraycopy(spec.input(), 0, shape, 1, spec.input().length);
            int per = 1;
            for (int d : spec.input()) per *= d;
            float[] features = new float[BATCH * per];
            for (int i = 0; i < features.length; i++) features[i] = (float) random.nextGaussian();
            int classes = plan.outputShape()[0];
            long[] labels = new long[BATCH];
            for (int i = 0; i < BATCH; i++) {
                labels[i] = random.nextInt(classes);
                order[i] = i;
            }
            TensorDataset batch = new TensorDataset(Tensor.fromArray(features, shape), Tensor.fromArray(labels, BATCH));
            TargetEncoding encoding = TargetEncoding.of(plan, batch);
            x = batch.features();
            y = encoding.encode(batch.targets());
            data = HostData.of(batch, "batch", plan, encoding);
            net = new Net(plan, new InitialWeights(model.stateDict(), scope));
        }

        /** Forward and backward on both engines; returns {native loss, djl loss}. */
        double[] backward() {
            model.zeroGrad();
            Tensor l = loss.apply(model.forward(x), y);
            l.backward();
            try (NDManager step = scope.newSubManager()) {
                JniUtils.setGradMode(true);
                NDArray out = net.forward(data.features(step, order, 0, BATCH), training);
                NDArray d = DjlLosses.loss(spec.loss(), spec.lossReduction(), out, data.targets(step, order, 0, BATCH));
                JniUtils.backward((PtNDArray) d, (PtNDArray) step.ones(d.getShape()), false, false);
                return new double[] {l.item(), d.getFloat()};
            } finally {
                JniUtils.setGradMode(false);
            }
        }

        Map<String, Parameter> nativeParams() {
            return model.namedParameters();
        }

        Map<String, NDArray> djlParams() {
            Map<String, NDArray> out = new LinkedHashMap<>();
            for (Layer.Param p : net.params()) out.put(p.name(), p.array());
            return out;
        }

        @Override
        public void close() {
            scope.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"keras-mlp", "lenet", "lenet5", "scratch-mlp", "lstm", "gru", "rnn"})
    void theFirstStepsLossAndEveryGradientAgree(String name) {
        try (Pair p = new Pair(name, 11)) {
            double[] losses = p.backward();
            assertThat(losses[1])
                    .as("%s loss", name)
                    .isCloseTo(losses[0], org.assertj.core.api.Assertions.within(TOLERANCE * Math.abs(losses[0])));
            Map<String, NDArray> djl = p.djlParams();
            assertThat(djl.keySet())
                    .as("parameter names")
                    .containsExactlyElementsOf(p.nativeParams().keySet());
            p.nativeParams().forEach((param, t) -> {
                float[] expected = t.grad().toFloatArray(),
                        got = djl.get(param).getGradient().toFloatArray();
                assertThat(relativeDifference(got, expected))
                        .as("%s gradient of %s", name, param)
                        .isLessThanOrEqualTo(TOLERANCE);
            });
            for (NDArray a : djl.values()) JniUtils.zeroGrad((PtNDArray) a);
        }
    }

    static Stream<Arguments> optimizerSteps() {
        List<OptimizerConfig> optimizers = List.of(
                OptimizerConfig.of("sgd", 0.05)
                        .with("momentum", 0.9)
                        .with("nesterov", true)
                        .with("weightDecay", 1e-3),
                OptimizerConfig.of("momentum", 0.1),
                OptimizerConfig.of("rmsprop", 1e-3),
                OptimizerConfig.of("adam", 1e-3),
                OptimizerConfig.of("adamw", 1e-3),
                OptimizerConfig.of("adagrad", 0.01),
                OptimizerConfig.of("adadelta", 1.0));
        List<Arguments> out = new ArrayList<>();
        for (String spec : List.of("keras-mlp", "lenet", "lstm"))
            for (OptimizerConfig o : optimizers) out.add(Arguments.of(spec, o));
        return out.stream();
    }

    /** Three steps on the same batch (so momentum and the moment estimates take part), weights compared after each. */
    @ParameterizedTest
    @MethodSource("optimizerSteps")
    void afterEachOptimizerStepBothEnginesHoldTheSameWeights(String name, OptimizerConfig config) {
        try (Pair p = new Pair(name, 5)) {
            Optimizer<?> reference =
                    Optimizers.create(config, new ArrayList<>(p.nativeParams().values()));
            DjlOptimizer optimizer = DjlOptimizer.of(config);
            Map<String, NDArray> djl = p.djlParams();
            List<DjlOptimizer.NamedArray> params = new ArrayList<>();
            djl.forEach((param, a) -> params.add(new DjlOptimizer.NamedArray(param, a)));
            for (int step = 1; step <= 3; step++) {
                p.backward();
                reference.step();
                try (NDManager s = p.scope.newSubManager()) {
                    List<NDArray> grads = new ArrayList<>();
                    for (var e : p.nativeParams().entrySet()) {
                        NDArray own = djl.get(e.getKey()).getGradient();
                        float[] expected = e.getValue().grad().toFloatArray();
                        if (step == 1) {
                            assertThat(relativeDifference(own.toFloatArray(), expected))
                                    .as("%s: gradient of %s", name, e.getKey())
                                    .isLessThanOrEqualTo(TOLERANCE);
                        }
                        grads.add(s.create(expected, own.getShape()));
                    }
                    optimizer.step(params, grads, config.lr(), s);
                }
                for (NDArray a : djl.values()) JniUtils.zeroGrad((PtNDArray) a);
                for (var e : p.nativeParams().entrySet()) {
                    assertThat(relativeDifference(
                                    djl.get(e.getKey()).toFloatArray(),
                                    e.getValue().toFloatArray()))
                            .as("%s with %s: %s after step %d", name, config, e.getKey(), step)
                            .isLessThanOrEqualTo(TOLERANCE);
                }
            }
        }
    }

    /** max |a - b| / max |b|. */
    static double relativeDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double diff = 0, scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }
}
