package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.autograd.GradMode;
import dev.descent.nn.Module;
import dev.descent.nn.Parameter;
import dev.descent.nn.Sequential;
import dev.descent.tensor.Generator;
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

    /** The ConfigException summarize throws for a spec, checked to name {@code field}. */
    private static void rejects(ModelSpec spec, String field, String... messageParts) {
        assertThatThrownBy(() -> ModelBuilder.summarize(spec))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.field()).isEqualTo(field))
                .message()
                .contains(messageParts);
        assertThatThrownBy(() -> ModelBuilder.build(spec, new Generator(1))).isInstanceOf(ConfigException.class);
    }

    // ---- built-in models ----------------------------------------------------------------------

    @Test
    void builtinModelsHaveTheirLayersShapesAndParameterCounts() {
        assertThat(BuiltinModels.names()).containsExactly("keras-mlp", "scratch-mlp", "lenet", "lenet5", "curve-fit");

        ModelSummary keras = ModelBuilder.summarize(BuiltinModels.builtin("keras-mlp"));
        assertThat(keras.layers())
                .extracting(LayerSummary::type)
                .containsExactly("flatten", "linear", "relu", "dropout", "linear");
        assertThat(keras.layers().get(0).outputShape()).containsExactly(784);
        assertThat(keras.totalParams()).isEqualTo(784 * 512 + 512 + 512 * 10 + 10);
        assertThat(keras.outputShape()).containsExactly(10);

        ModelSummary lenet = ModelBuilder.summarize(BuiltinModels.builtin("lenet"));
        assertThat(lenet.layers())
                .extracting(l -> List.of(l.type(), java.util.Arrays.toString(l.outputShape())))
                .containsExactly(
                        List.of("conv2d", "[32, 28, 28]"),
                        List.of("relu", "[32, 28, 28]"),
                        List.of("max_pool2d", "[32, 14, 14]"),
                        List.of("conv2d", "[64, 14, 14]"),
                        List.of("relu", "[64, 14, 14]"),
                        List.of("max_pool2d", "[64, 7, 7]"),
                        List.of("flatten", "[3136]"),
                        List.of("linear", "[128]"),
                        List.of("relu", "[128]"),
                        List.of("linear", "[10]"));
        assertThat(lenet.totalParams()).isEqualTo(320 + 18496 + 401536 + 1290);

        ModelSummary lenet5 = ModelBuilder.summarize(BuiltinModels.builtin("lenet5"));
        assertThat(lenet5.layers())
                .extracting(l -> List.of(l.type(), java.util.Arrays.toString(l.outputShape())))
                .containsExactly(
                        List.of("conv2d", "[6, 28, 28]"),
                        List.of("relu", "[6, 28, 28]"),
                        List.of("max_pool2d", "[6, 14, 14]"),
                        List.of("conv2d", "[16, 10, 10]"),
                        List.of("relu", "[16, 10, 10]"),
                        List.of("max_pool2d", "[16, 5, 5]"),
                        List.of("flatten", "[400]"),
                        List.of("linear", "[120]"),
                        List.of("relu", "[120]"),
                        List.of("linear", "[84]"),
                        List.of("relu", "[84]"),
                        List.of("linear", "[10]"));
        assertThat(lenet5.totalParams()).isEqualTo(156 + 2416 + 48120 + 10164 + 850);

        assertThat(ModelBuilder.summarize(BuiltinModels.builtin("scratch-mlp")).totalParams())
                .isEqualTo(784 * 250 + 250 * 10);
        assertThat(ModelBuilder.summarize(BuiltinModels.builtin("curve-fit")).totalParams())
                .isEqualTo(31);
        assertThat(BuiltinModels.builtin("curve-fit").loss()).isEqualTo("mse");
        assertThat(ModelBuilder.loss(BuiltinModels.builtin("lenet")).name()).isEqualTo("cross_entropy");
        assertThatThrownBy(() -> BuiltinModels.builtin("resnet"))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.getMessage()).contains("unknown built-in model 'resnet'", "keras-mlp"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"keras-mlp", "scratch-mlp", "lenet", "lenet5", "curve-fit"})
    void builtModelsMatchTheirSummary(String name) {
        ModelSpec spec = BuiltinModels.builtin(name);
        ModelSummary summary = ModelBuilder.summarize(spec);
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
        try (var s = GradMode.noGrad()) {
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
        try (var s = GradMode.noGrad()) {
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
        try (var s = GradMode.noGrad()) {
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
    void summaryTablePrintsEveryLayer() {
        String table =
                ModelBuilder.summarize(BuiltinModels.builtin("keras-mlp")).table();
        assertThat(table)
                .contains(
                        "#  layer    output shape   params",
                        "1  linear   [512]         401,920",
                        "total parameters: 407,050");
    }

    // ---- shape inference across layer kinds ---------------------------------------------------

    @Test
    void everyLayerKindInfersItsShape() {
        ModelSummary s =
                ModelBuilder.summarize(spec(
                        "[3, 16, 16]",
                        "{\"type\": \"zero_pad2d\", \"padding\": [1, 2, 0, 1]}", // [3, 17, 19]
                        "{\"type\": \"conv2d\", \"out\": 8, \"kernel\": [3, 4], \"stride\": 2, \"dilation\": [1, 2]}", // [8, 8, 7]
                        "{\"type\": \"batch_norm2d\"}",
                        "{\"type\": \"conv_transpose2d\", \"out\": 4, \"kernel\": 3, \"stride\": 2, \"padding\": 1, \"outputPadding\": 1}", // [4, 16, 14]
                        "{\"type\": \"avg_pool2d\", \"kernel\": 3, \"stride\": 2, \"ceilMode\": true}", // [4, 8, 7]
                        "{\"type\": \"replication_pad2d\", \"padding\": 1}", // [4, 10, 9]
                        "{\"type\": \"adaptive_max_pool2d\", \"output\": [2, 3]}", // [4, 2, 3]
                        "{\"type\": \"flatten\", \"startDim\": 2}", // [4, 6]
                        "{\"type\": \"conv1d\", \"out\": 5, \"kernel\": 3, \"padding\": 1}", // [5, 6]
                        "{\"type\": \"batch_norm1d\"}",
                        "{\"type\": \"gru\", \"hidden\": 7, \"layers\": 2, \"bidirectional\": true, \"returnSequences\": true}", // [5, 14]
                        "{\"type\": \"layer_norm\"}",
                        "{\"type\": \"lstm\", \"hidden\": 4}", // [4]
                        "{\"type\": \"log_softmax\"}"));
        assertThat(s.layers())
                .extracting(l -> java.util.Arrays.toString(l.outputShape()))
                .containsExactly(
                        "[3, 17, 19]",
                        "[8, 8, 7]",
                        "[8, 8, 7]",
                        "[4, 16, 14]",
                        "[4, 8, 7]",
                        "[4, 10, 9]",
                        "[4, 2, 3]",
                        "[4, 6]",
                        "[5, 6]",
                        "[5, 6]",
                        "[5, 14]",
                        "[5, 14]",
                        "[4]",
                        "[4]");
        assertThat(s.layers().get(1).params()).isEqualTo(8 * 3 * 12 + 8);
        assertThat(s.layers().get(3).params()).isEqualTo(8 * 4 * 9 + 4);
        assertThat(s.layers().get(10).params())
                .isEqualTo(2 * (3 * 7 * 6 + 3 * 7 * 7 + 6 * 7) + 2 * (3 * 7 * 14 + 3 * 7 * 7 + 6 * 7));
        assertThat(s.layers().get(12).params()).isEqualTo(4 * 4 * 14 + 4 * 4 * 4 + 8 * 4);
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
        ModelSummary summary = ModelBuilder.summarize(s);
        assertThat(summary.layers().get(0).outputShape()).containsExactly(12, 8);
        assertThat(summary.layers().get(1).outputShape()).containsExactly(32);
        Module m = ModelBuilder.build(s, new Generator(5));
        assertThat(m.namedParameters()).containsKeys("1.weight_ih_l0", "1.weight_hh_l0_reverse");
        Tensor tokens = Tensor.randint(new Generator(6), 0, 50, 4, 12);
        assertThat(m.forward(tokens).sizes()).containsExactly(4, 3);
        assertThat(m.parameterCount()).isEqualTo(summary.totalParams());
    }

    // ---- every error path ---------------------------------------------------------------------

    @Test
    void linearAfterAnImageAsksForAFlatten() {
        rejects(
                spec(
                        "[1, 28, 28]",
                        "{\"type\": \"conv2d\", \"out\": 16, \"kernel\": 3, \"padding\": 1}",
                        "{\"type\": \"max_pool2d\", \"kernel\": 7}",
                        "{\"type\": \"relu\"}",
                        "{\"type\": \"linear\", \"out\": 10}"),
                "layers[3].out",
                "linear expects a 1-D input of features but gets [16, 4, 4]; add a flatten layer before it");
    }

    @Test
    void convolutionErrors() {
        rejects(
                spec("[784]", "{\"type\": \"conv2d\", \"out\": 6, \"kernel\": 5}"),
                "layers[0]",
                "conv2d expects a 3-D input [channels, height, width] but gets [784]; set the spec's input to [channels, height, width]");
        rejects(
                spec("[1, 4, 4]", "{\"type\": \"conv2d\", \"out\": 6, \"kernel\": 5}"),
                "layers[0].kernel",
                "conv2d kernel [5, 5] is larger than its input [1, 4, 4] (height 4)");
        rejects(
                spec("[1, 4, 4]", "{\"type\": \"conv2d\", \"out\": 6, \"kernel\": 3, \"dilation\": 2}"),
                "layers[0].kernel",
                "(dilation [2, 2])");
        rejects(
                spec("[3, 8, 8]", "{\"type\": \"conv2d\", \"out\": 6, \"kernel\": 3, \"groups\": 2}"),
                "layers[0].groups",
                "input has 3 channels, which groups 2 does not divide");
        rejects(
                spec("[4, 8, 8]", "{\"type\": \"conv2d\", \"out\": 5, \"kernel\": 3, \"groups\": 2}"),
                "layers[0].groups",
                "out 5 is not divisible by groups 2");
        rejects(spec("[2, 3]", "{\"type\": \"conv1d\", \"out\": 2, \"kernel\": 4}"), "layers[0].kernel", "(length 3)");
        rejects(
                spec("[2, 5, 5]", "{\"type\": \"conv1d\", \"out\": 2, \"kernel\": 3}"),
                "layers[0]",
                "conv1d expects a 2-D input [channels, length]");
        rejects(
                spec(
                        "[2, 4, 4]",
                        "{\"type\": \"conv_transpose2d\", \"out\": 2, \"kernel\": 3, \"stride\": 2, \"outputPadding\": 2}"),
                "layers[0].outputPadding",
                "must be smaller than either the stride [2, 2] or the dilation [1, 1]");
        rejects(
                spec("[2, 1, 1]", "{\"type\": \"conv_transpose2d\", \"out\": 2, \"kernel\": 1, \"padding\": 1}"),
                "layers[0].padding",
                "empty output");
        rejects(
                spec("[2, 4]", "{\"type\": \"conv_transpose2d\", \"out\": 2, \"kernel\": 1}"),
                "layers[0]",
                "conv_transpose2d expects a 3-D input");
    }

    @Test
    void poolingAndPaddingErrors() {
        rejects(
                spec("[1, 8, 8]", "{\"type\": \"max_pool2d\", \"kernel\": 2, \"padding\": 2}"),
                "layers[0].padding",
                "at most half the kernel [2, 2]");
        rejects(
                spec("[1, 3, 8]", "{\"type\": \"avg_pool2d\", \"kernel\": 4}"),
                "layers[0].kernel",
                "avg_pool2d kernel [4, 4] is larger than its input [1, 3, 8]");
        rejects(
                spec("[16]", "{\"type\": \"max_pool2d\", \"kernel\": 2}"),
                "layers[0]",
                "max_pool2d expects a 3-D input");
        rejects(
                spec("[16]", "{\"type\": \"adaptive_avg_pool2d\", \"output\": 1}"),
                "layers[0]",
                "adaptive_avg_pool2d expects a 3-D input");
        rejects(
                spec("[16]", "{\"type\": \"zero_pad2d\", \"padding\": 1}"),
                "layers[0]",
                "pads the last two dimensions but gets [16]");
        rejects(
                spec("[4, 4]", "{\"type\": \"replication_pad2d\", \"padding\": 1}"),
                "layers[0]",
                "replication_pad2d expects a 3-D input");
    }

    @Test
    void normalisationFlattenRecurrentAndActivationErrors() {
        rejects(
                spec("[3, 4, 4]", "{\"type\": \"batch_norm1d\"}"),
                "layers[0]",
                "batch_norm1d expects an input [features] or [channels, length] but gets [3, 4, 4]");
        rejects(spec("[3, 4]", "{\"type\": \"batch_norm2d\"}"), "layers[0]", "batch_norm2d expects a 3-D input");
        rejects(
                spec("[3, 4]", "{\"type\": \"flatten\", \"startDim\": 0}"),
                "layers[0].startDim",
                "would merge the batch dimension");
        rejects(
                spec("[3, 4]", "{\"type\": \"flatten\", \"startDim\": 2, \"endDim\": 1}"),
                "layers[0].startDim",
                "comes after endDim 1");
        rejects(
                spec("[3, 4]", "{\"type\": \"flatten\", \"endDim\": 3}"),
                "layers[0].endDim",
                "dimension 3 is out of range for a batch of [3, 4] (valid: -3 to 2");
        rejects(
                spec("[10]", "{\"type\": \"lstm\", \"hidden\": 4}"),
                "layers[0]",
                "lstm expects a 2-D input [sequence length, features] but gets [10]");
        rejects(
                spec("[10]", "{\"type\": \"softmax\", \"dim\": 2}"),
                "layers[0].dim",
                "dim 2 is out of range for a batch of [10]");
        rejects(spec("[10]", "{\"type\": \"log_softmax\", \"dim\": 0}"), "layers[0].dim", "is the batch dimension");
    }

    @Test
    void lossAndSizeErrors() {
        rejects(
                specWithLoss("cross_entropy", "[4]", "{\"type\": \"linear\", \"out\": 1}"),
                "loss",
                "cross_entropy needs a score per class (at least 2) but the model outputs [1]");
        rejects(
                spec("[100000]", "{\"type\": \"linear\", \"out\": 100000}"),
                "layers[0].out",
                "the weight would have 10000000000 elements");
        rejects(spec("[50000, 50000]", "{\"type\": \"relu\"}"), "input", "more elements than a tensor holds");
        rejects(
                spec("[4000, 4000]", "{\"type\": \"embedding\", \"num\": 10, \"dim\": 200}"),
                "layers[0]",
                "output [4000, 4000, 200] has more elements");
        rejects(
                spec("[4]", "{\"type\": \"relu\"}", "{\"type\": \"embedding\", \"num\": 10, \"dim\": 2}"),
                "layers[1]",
                "must be the first layer");
        assertThat(ModelBuilder.summarize(specWithLoss("mse", "[4]", "{\"type\": \"linear\", \"out\": 1}"))
                        .totalParams())
                .isEqualTo(5);
    }

    @Test
    void specsBuiltByHandAreCheckedToo() {
        assertThatThrownBy(() -> ModelBuilder.summarize(
                        new ModelSpec("m", new int[0], List.of(new LayerSpec.Dropout(0.1)), "mse", "{}")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.field()).isEqualTo("input"));
        assertThatThrownBy(() -> ModelBuilder.summarize(new ModelSpec("m", new int[] {2}, List.of(), "mse", "{}")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.field()).isEqualTo("layers"));
        assertThatThrownBy(() -> ModelBuilder.summarize(
                        new ModelSpec("m", new int[] {2, -1}, List.of(new LayerSpec.Dropout(0.1)), "mse", "{}")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.field()).isEqualTo("input[1]"));
        assertThatThrownBy(() -> ModelBuilder.summarize(null)).isInstanceOf(ConfigException.class);
        ModelSummary byHand = ModelBuilder.summarize(
                new ModelSpec("m", new int[] {3}, List.of(new LayerSpec.Linear(2, true)), "mse", "{}"));
        assertThat(byHand.totalParams()).isEqualTo(8);
    }

    // ---- property: random specs either summarize and build to the summarized shapes, or fail with a ConfigException

    static LongStream seeds() {
        return LongStream.range(0, 150);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomSpecsFailOnlyWithConfigExceptionsAndOtherwiseBuildAsSummarized(long seed) {
        Random r = new Random(seed);
        String json = randomSpec(r);
        ModelSpec spec;
        try {
            spec = ModelSpec.fromJson(json);
        } catch (ConfigException e) {
            return;
        }
        ModelSummary summary;
        try {
            summary = ModelBuilder.summarize(spec);
        } catch (ConfigException e) {
            assertThat(e.field()).as(json).matches("input|loss|layers\\[\\d+](\\.\\w+)?");
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("summarize threw " + e + " for " + json, e);
        }
        Module model = ModelBuilder.build(spec, new Generator(seed));
        assertThat(model.parameterCount()).as(json).isEqualTo(summary.totalParams());
        Tensor out = model.forward(Tensor.zeros(prepend(2, spec.input())));
        assertThat(out.sizes()).as(json).containsExactly(prepend(2, summary.outputShape()));
        for (int i = 0; i < summary.layers().size(); i++) {
            Module layer = ((Sequential) model).get(i);
            assertThat(layer.parameterCount())
                    .as(json + " layer " + i)
                    .isEqualTo(summary.layers().get(i).params());
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
