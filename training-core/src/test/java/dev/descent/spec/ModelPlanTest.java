package dev.descent.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelPlanTest {

    private static ModelSpec spec(String input, String... layers) {
        return ModelSpec.fromJson("{\"input\": " + input + ", \"layers\": [" + String.join(", ", layers) + "]}");
    }

    private static ModelSpec specWithLoss(String loss, String input, String... layers) {
        return ModelSpec.fromJson("{\"input\": " + input + ", \"layers\": [" + String.join(", ", layers)
                + "], \"loss\": \"" + loss + "\"}");
    }

    /** The ConfigException planning throws for a spec, checked to name {@code field}. */
    private static void rejects(ModelSpec spec, String field, String... messageParts) {
        assertThatThrownBy(() -> ModelPlan.of(spec))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.field()).isEqualTo(field))
                .message()
                .contains(messageParts);
    }

    // ---- built-in models ----------------------------------------------------------------------

    @Test
    void builtinModelsHaveTheirLayersShapesAndParameterCounts() {
        assertThat(BuiltinModels.names()).containsExactly("keras-mlp", "scratch-mlp", "lenet", "lenet5", "curve-fit");

        ModelSummary keras = ModelPlan.of(BuiltinModels.builtin("keras-mlp")).summary();
        assertThat(keras.layers())
                .extracting(LayerSummary::type)
                .containsExactly("flatten", "linear", "relu", "dropout", "linear");
        assertThat(keras.layers().get(0).outputShape()).containsExactly(784);
        assertThat(keras.totalParams()).isEqualTo(784 * 512 + 512 + 512 * 10 + 10);
        assertThat(keras.outputShape()).containsExactly(10);

        ModelSummary lenet = ModelPlan.of(BuiltinModels.builtin("lenet")).summary();
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

        ModelSummary lenet5 = ModelPlan.of(BuiltinModels.builtin("lenet5")).summary();
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

        assertThat(ModelPlan.of(BuiltinModels.builtin("scratch-mlp")).totalParams())
                .isEqualTo(784 * 250 + 250 * 10);
        assertThat(ModelPlan.of(BuiltinModels.builtin("curve-fit")).totalParams())
                .isEqualTo(31);
        assertThat(BuiltinModels.builtin("curve-fit").loss()).isEqualTo("mse");
        assertThatThrownBy(() -> BuiltinModels.builtin("resnet"))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.getMessage()).contains("unknown built-in model 'resnet'", "keras-mlp"));
    }

    @Test
    void summaryTablePrintsEveryLayer() {
        String table =
                ModelPlan.of(BuiltinModels.builtin("keras-mlp")).summary().table();
        assertThat(table)
                .contains(
                        "#  layer    output shape   params",
                        "1  linear   [512]         401,920",
                        "total parameters: 407,050");
    }

    // ---- shape inference across layer kinds ---------------------------------------------------

    @Test
    void everyLayerKindInfersItsShape() {
        ModelPlan plan =
                ModelPlan.of(spec(
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
        ModelSummary s = plan.summary();
        assertThat(plan.layers().get(3).in()).containsExactly(8, 8, 7);
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
        assertThat(ModelPlan.of(specWithLoss("mse", "[4]", "{\"type\": \"linear\", \"out\": 1}"))
                        .totalParams())
                .isEqualTo(5);
    }

    @Test
    void specsBuiltByHandAreCheckedToo() {
        assertThatThrownBy(() ->
                        ModelPlan.of(new ModelSpec("m", new int[0], List.of(new LayerSpec.Dropout(0.1)), "mse", "{}")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.field()).isEqualTo("input"));
        assertThatThrownBy(() -> ModelPlan.of(new ModelSpec("m", new int[] {2}, List.of(), "mse", "{}")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.field()).isEqualTo("layers"));
        assertThatThrownBy(() -> ModelPlan.of(
                        new ModelSpec("m", new int[] {2, -1}, List.of(new LayerSpec.Dropout(0.1)), "mse", "{}")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.field()).isEqualTo("input[1]"));
        assertThatThrownBy(() -> ModelPlan.of(null)).isInstanceOf(ConfigException.class);
        ModelPlan byHand =
                ModelPlan.of(new ModelSpec("m", new int[] {3}, List.of(new LayerSpec.Linear(2, true)), "mse", "{}"));
        assertThat(byHand.totalParams()).isEqualTo(8);
    }
}
