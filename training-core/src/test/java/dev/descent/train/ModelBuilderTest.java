package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.autograd.GradMode;
import dev.descent.backend.Generator;
import dev.descent.nn.Module;
import dev.descent.nn.Parameter;
import dev.descent.nn.Sequential;
import dev.descent.spec.BuiltinModels;
import dev.descent.spec.ConfigException;
import dev.descent.spec.ModelPlan;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.ModelSummary;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelBuilderTest {

    private static ModelSpec spec(String input, String... layers) {
        return ModelSpec.fromJson("{\"input\": " + input + ", \"layers\": [" + String.join(", ", layers) + "]}");
    }

    private static ModelSpec specWithLoss(String loss, String input, String... layers) {
        return ModelSpec.fromJson("{\"input\": " + input + ", \"layers\": [" + String.join(", ", layers)
                + "], \"loss\": \"" + loss + "\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"keras-mlp", "scratch-mlp", "lenet", "lenet5", "curve-fit"})
    void builtModelsMatchTheirSummary(String name) {
        ModelSpec spec = BuiltinModels.builtin(name);
        ModelSummary summary = ModelPlan.of(spec).summary();
        Module model = ModelBuilder.build(spec, new Generator(3));
        assertThat(model.parameterCount()).isEqualTo(summary.totalParams());
        assertThat(((Sequential) model).size()).isEqualTo(spec.layers().size());
        int[] batch = new int[spec.input().length + 1];
        batch[0] = 3;
        System.arraycopy(spec.input(), 0, batch, 1, spec.input().length);
        Tensor out = model.forward(Tensor.rand(new Generator(4), batch));
        assertThat(out.sizes()).containsExactly(prepend(3, summary.outputShape()));
        assertThat(model.summary(spec.input()).totalParams()).isEqualTo(summary.totalParams());
    }

    @Test
    void theSameSeedBuildsTheSameWeights() {
        ModelSpec spec = BuiltinModels.builtin("lenet");
        Module a = ModelBuilder.build(spec, new Generator(9)),
                b = ModelBuilder.build(spec, new Generator(9)),
                c = ModelBuilder.build(spec, new Generator(10));
        List<Parameter> pa = a.parameters(), pb = b.parameters(), pc = c.parameters();
        for (int i = 0; i < pa.size(); i++)
            assertThat(pa.get(i).toFloatArray()).containsExactly(pb.get(i).toFloatArray());
        assertThat(pa.get(0).toFloatArray()).isNotEqualTo(pc.get(0).toFloatArray());
        assertThat(a.namedParameters().keySet()).startsWith("0.weight", "0.bias", "3.weight");
    }

    @Test
    void lenetStartsGlorotUniformWithZeroBiasesAsKerasDoes() {
        Module m = ModelBuilder.build(BuiltinModels.builtin("lenet"), new Generator(1));
        Map<String, Parameter> p = m.namedParameters();
        // Glorot bound sqrt(6 / (fan_in + fan_out)); a conv's fans count the kernel's 3x3 taps.
        double conv1 = Math.sqrt(6.0 / (9 + 32 * 9)), linear1 = Math.sqrt(6.0 / (3136 + 128));
        try (var _ = GradMode.noGrad()) {
            assertThat(p.get("0.weight").abs().max().item())
                    .isLessThanOrEqualTo(conv1)
                    .isGreaterThan(0.9 * conv1);
            assertThat(p.get("7.weight").abs().max().item())
                    .isLessThanOrEqualTo(linear1)
                    .isGreaterThan(0.9 * linear1);
            // uniform on [-b, b] has standard deviation b / sqrt(3)
            assertThat(p.get("7.weight").std().item()).isCloseTo(linear1 / Math.sqrt(3), within(0.001));
        }
        for (String bias : List.of("0.bias", "3.bias", "7.bias", "9.bias"))
            assertThat(p.get(bias).toFloatArray()).containsOnly(0f);
    }

    @Test
    void scratchMlpStartsFromNormalFanInWithoutBiases() {
        Module m = ModelBuilder.build(BuiltinModels.builtin("scratch-mlp"), new Generator(1));
        assertThat(m.namedParameters().keySet()).containsExactly("1.weight", "3.weight");
        try (var _ = GradMode.noGrad()) {
            assertThat(m.namedParameters().get("1.weight").std().item()).isCloseTo(1 / Math.sqrt(784), within(0.001));
            assertThat(m.namedParameters().get("3.weight").std().item()).isCloseTo(1 / Math.sqrt(250), within(0.005));
        }
    }

    @Test
    void initChoicesApplyToLinearAndConvLayers() {
        Module m = ModelBuilder.build(
                spec(
                        "[2, 8, 8]",
                        "{\"type\": \"conv2d\", \"out\": 64, \"kernel\": 3, \"init\": \"kaiming_normal\"}",
                        "{\"type\": \"flatten\"}",
                        "{\"type\": \"linear\", \"out\": 300, \"init\": \"xavier_uniform\"}"),
                new Generator(2));
        try (var _ = GradMode.noGrad()) {
            assertThat(m.namedParameters().get("0.weight").std().item()).isCloseTo(Math.sqrt(2.0 / 18), within(0.02));
            assertThat(m.namedParameters().get("0.bias").abs().sum().item()).isZero();
            double a = Math.sqrt(6.0 / (64 * 36 + 300));
            assertThat(m.namedParameters().get("2.weight").abs().max().item())
                    .isLessThanOrEqualTo(a)
                    .isGreaterThan(0.99 * a);
        }
        assertThatThrownBy(() -> spec("[4]", "{\"type\": \"linear\", \"out\": 2, \"init\": \"orthogonal\"}"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.field()).isEqualTo("layers[0].init"))
                .hasMessageContaining("'orthogonal'");
    }

    @Test
    void theSpecsLossComesWithItsReduction() {
        assertThat(ModelBuilder.loss(BuiltinModels.builtin("lenet")).name()).isEqualTo("cross_entropy");
    }

    @Test
    void aSpecThatDoesNotPlanDoesNotBuild() {
        assertThatThrownBy(() -> ModelBuilder.build(
                        spec("[1, 28, 28]", "{\"type\": \"linear\", \"out\": 10}"), new Generator(1)))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.field()).isEqualTo("layers[0].out"));
    }

    @Test
    void layersBuildToThePlannedShapes() {
        Module model = ModelBuilder.build(
                spec("[3, 16, 16]", "{\"type\": \"zero_pad2d\", \"padding\": [1, 2, 0, 1]}"), new Generator(1));
        assertThat(model.forward(Tensor.zeros(2, 3, 16, 16)).sizes()).containsExactly(2, 3, 17, 19);
    }

    @Test
    void sequenceModelsRunFromTokensToClasses() {
        ModelSpec s = specWithLoss(
                "cross_entropy",
                "[12]",
                "{\"type\": \"embedding\", \"num\": 50, \"dim\": 8}",
                "{\"type\": \"lstm\", \"hidden\": 16, \"bidirectional\": true}",
                "{\"type\": \"linear\", \"out\": 3}");
        ModelSummary summary = ModelPlan.of(s).summary();
        assertThat(summary.layers().get(0).outputShape()).containsExactly(12, 8);
        assertThat(summary.layers().get(1).outputShape()).containsExactly(32);
        Module m = ModelBuilder.build(s, new Generator(5));
        assertThat(m.namedParameters()).containsKeys("1.weight_ih_l0", "1.weight_hh_l0_reverse");
        Tensor tokens = Tensor.randint(new Generator(6), 0, 50, 4, 12);
        assertThat(m.forward(tokens).sizes()).containsExactly(4, 3);
        assertThat(m.parameterCount()).isEqualTo(summary.totalParams());
    }

    // ---- property: random specs either plan and build to the planned shapes, or fail with a ConfigException

    static LongStream seeds() {
        return LongStream.range(0, 150);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomSpecsFailOnlyWithConfigExceptionsAndOtherwiseBuildAsPlanned(long seed) {
        Random r = new Random(seed);
        String json = randomSpec(r);
        ModelSpec spec;
        try {
            spec = ModelSpec.fromJson(json);
        } catch (ConfigException e) {
            return;
        }
        ModelPlan plan;
        try {
            plan = ModelPlan.of(spec);
        } catch (ConfigException e) {
            assertThat(e.field()).as(json).matches("input|loss|layers\\[\\d+](\\.\\w+)?");
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("planning threw " + e + " for " + json, e);
        }
        Module model = ModelBuilder.build(plan, new Generator(seed));
        assertThat(model.parameterCount()).as(json).isEqualTo(plan.totalParams());
        Tensor out = model.forward(Tensor.zeros(prepend(2, spec.input())));
        assertThat(out.sizes()).as(json).containsExactly(prepend(2, plan.outputShape()));
        for (int i = 0; i < plan.layers().size(); i++) {
            Module layer = ((Sequential) model).get(i);
            assertThat(layer.parameterCount())
                    .as(json + " layer " + i)
                    .isEqualTo(plan.layers().get(i).params());
        }
    }

    /** Mostly layers that suit the current rank (so many specs build), sometimes any layer (so many fail). */
    private static String randomSpec(Random r) {
        int rank = 1 + r.nextInt(3);
        List<String> dims = new ArrayList<>();
        for (int i = 0; i < rank; i++) dims.add(Integer.toString(1 + r.nextInt(7)));
        List<String> layers = new ArrayList<>();
        int n = 1 + r.nextInt(5);
        int[] current = {rank};
        for (int i = 0; i < n; i++) layers.add(randomLayer(r, current));
        String loss = r.nextInt(3) == 0 ? "cross_entropy" : "mse";
        return "{\"input\": [" + String.join(", ", dims) + "], \"layers\": [" + String.join(", ", layers)
                + "], \"loss\": \"" + loss + "\"}";
    }

    private static String randomLayer(Random r, int[] rank) {
        int k = 1 + r.nextInt(3), out = 1 + r.nextInt(4);
        int choice = r.nextInt(16);
        if (r.nextInt(5) > 0) {
            // Re-draw until the layer's expected rank fits (rank-agnostic layers fit anything).
            for (int tries = 0; tries < 20 && !fits(choice, rank[0]); tries++) choice = r.nextInt(16);
        }
        rank[0] = switch (choice) {
            case 5 -> Math.max(1, rank[0] - 1);
            case 10 -> 1;
            case 14 -> rank[0] + 1;
            default -> rank[0];
        };
        return switch (choice) {
            case 0 -> "{\"type\": \"linear\", \"out\": " + out + "}";
            case 1 ->
                "{\"type\": \"conv2d\", \"out\": " + out + ", \"kernel\": " + k + ", \"padding\": " + r.nextInt(2)
                        + ", \"stride\": " + (1 + r.nextInt(2)) + "}";
            case 2 ->
                "{\"type\": \"conv1d\", \"out\": " + out + ", \"kernel\": " + k + ", \"groups\": " + (1 + r.nextInt(2))
                        + "}";
            case 3 ->
                "{\"type\": \"max_pool2d\", \"kernel\": " + k + ", \"padding\": " + r.nextInt(2) + ", \"ceilMode\": "
                        + r.nextBoolean() + "}";
            case 4 -> "{\"type\": \"avg_pool2d\", \"kernel\": " + k + ", \"stride\": 1}";
            case 5 -> "{\"type\": \"flatten\", \"startDim\": " + (r.nextInt(4) - 1) + "}";
            case 6 ->
                "{\"type\": \"conv_transpose2d\", \"out\": " + out + ", \"kernel\": " + k + ", \"stride\": "
                        + (1 + r.nextInt(2)) + ", \"padding\": " + r.nextInt(2) + "}";
            case 7 ->
                "{\"type\": \"" + (r.nextBoolean() ? "zero" : "replication") + "_pad2d\", \"padding\": " + r.nextInt(3)
                        + "}";
            case 8 -> "{\"type\": \"batch_norm" + (rank[0] == 3 ? 2 : 1) + "d\"}";
            case 9 -> "{\"type\": \"layer_norm\"}";
            case 10 ->
                "{\"type\": \"" + List.of("rnn", "lstm", "gru").get(r.nextInt(3)) + "\", \"hidden\": " + out
                        + ", \"bidirectional\": " + r.nextBoolean() + "}";
            case 11 ->
                "{\"type\": \"adaptive_" + (r.nextBoolean() ? "avg" : "max") + "_pool2d\", \"output\": " + k + "}";
            case 12 -> "{\"type\": \"softmax\", \"dim\": " + (r.nextInt(5) - 2) + "}";
            case 13 -> "{\"type\": \"dropout\", \"p\": 0.3}";
            case 14 -> "{\"type\": \"embedding\", \"num\": 5, \"dim\": " + out + "}";
            default ->
                "{\"type\": \""
                        + List.of("relu", "tanh", "gelu", "leaky_relu", "sigmoid")
                                .get(r.nextInt(5)) + "\"}";
        };
    }

    private static boolean fits(int choice, int rank) {
        return switch (choice) {
            case 0 -> rank <= 2;
            case 1, 3, 4, 6, 7, 11 -> rank == 3;
            case 2, 10 -> rank == 2;
            case 14 -> rank <= 2;
            default -> true;
        };
    }

    private static int[] prepend(int first, int[] rest) {
        int[] out = new int[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
