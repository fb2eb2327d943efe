package dev.descent.platform.models;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A model spec as the OpenAPI document shows it. The API stores the spec as JSON and training-core's
 * {@code ModelSpec.fromJson} reads it (every refusal names {@code layers[i].field}); its layer records do not map
 * one-to-one onto the JSON (conv1d and conv2d are one record), so the document describes the JSON form here: a layer is
 * one object with a {@code type} and the fields that type reads.
 */
@Schema(
        name = "ModelSpec",
        description = "A model described as data: one sample's input shape, layers in order (sizes that come from"
                + " the previous layer are inferred), and the loss. A spec whose name exists becomes that name's"
                + " next version. Unknown fields are refused with 400 naming them (layers[2].outt).",
        requiredProperties = {"input", "layers"})
record ModelSpecSchema(
        @Schema(description = "The model's name; versions share it.", defaultValue = "model", example = "mlp")
        String name,

        @Schema(description = "One sample's shape, without the batch dimension.", example = "[1, 28, 28]")
        List<Integer> input,

        @Schema(description = "The layers, first to last; at least one.")
        List<Layer> layers,

        @Schema(
                description = "A loss name, or {\"type\": name, \"reduction\": \"mean\" | \"sum\"}"
                        + " (reduction defaults to mean). cross_entropy and nll need a classification"
                        + " dataset.",
                allowableValues = {"cross_entropy", "nll", "mse", "l1", "smooth_l1", "huber", "bce", "bce_with_logits"},
                defaultValue = "cross_entropy")
        String loss) {

    /** One layer: its type and the fields that type reads (each field's description names its types). */
    @Schema(
            name = "LayerSpec",
            description = "One layer: a type and that type's fields. Fields another type reads are refused naming"
                    + " them. Kernel, stride, padding, dilation and output sizes of 2-D layers are an integer or"
                    + " [h, w]; padding of the pad layers is [left, right, top, bottom].",
            requiredProperties = {"type"})
    record Layer(
            @Schema(
                    allowableValues = {
                        "linear",
                        "conv1d",
                        "conv2d",
                        "conv_transpose2d",
                        "max_pool2d",
                        "avg_pool2d",
                        "adaptive_avg_pool2d",
                        "adaptive_max_pool2d",
                        "zero_pad2d",
                        "constant_pad2d",
                        "replication_pad2d",
                        "batch_norm1d",
                        "batch_norm2d",
                        "layer_norm",
                        "dropout",
                        "flatten",
                        "embedding",
                        "rnn",
                        "lstm",
                        "gru",
                        "relu",
                        "leaky_relu",
                        "sigmoid",
                        "tanh",
                        "gelu",
                        "softmax",
                        "log_softmax"
                    },
                    example = "linear")
            String type,

            @Schema(
                    description = "linear: output features; conv1d, conv2d, conv_transpose2d: output channels"
                            + " (required).",
                    minimum = "1",
                    example = "128")
            Integer out,

            @Schema(description = "linear, conv*: add a bias.", defaultValue = "true")
            Boolean bias,

            @Schema(
                    description = "linear, conv1d, conv2d: how the weights start (default: PyTorch's).",
                    allowableValues = {
                        "default",
                        "normal_fan_in",
                        "xavier_uniform",
                        "xavier_normal",
                        "kaiming_uniform",
                        "kaiming_normal"
                    },
                    defaultValue = "default")
            String init,

            @Schema(
                    description = "conv*, max_pool2d, avg_pool2d: kernel size (required); an integer or [h, w].",
                    example = "3")
            Object kernel,

            @Schema(description = "conv* (default 1), pools (default: the kernel): an integer or [h, w].")
            Object stride,

            @Schema(description = "conv*, pools (default 0); pad layers (required, [left, right, top, bottom]).")
            Object padding,

            @Schema(description = "conv*: kernel dilation (default 1); an integer or [h, w].")
            Object dilation,

            @Schema(description = "conv*: channel groups.", minimum = "1", defaultValue = "1")
            Integer groups,

            @Schema(description = "conv_transpose2d: extra output size (default 0); an integer or [h, w].")
            Object outputPadding,

            @Schema(description = "max_pool2d, avg_pool2d: round the output size up.", defaultValue = "false")
            Boolean ceilMode,

            @Schema(description = "adaptive_*_pool2d: the output size (required); an integer or [h, w].")
            Object output,

            @Schema(description = "constant_pad2d: the padding value.", defaultValue = "0")
            Double value,

            @Schema(
                    description = "batch_norm*, layer_norm: added to the variance.",
                    minimum = "0",
                    defaultValue = "1e-5")
            Double eps,

            @Schema(
                    description = "batch_norm*: the running statistics' momentum.",
                    minimum = "0",
                    maximum = "1",
                    defaultValue = "0.1")
            Double momentum,

            @Schema(description = "batch_norm*, layer_norm: learn a scale and shift.", defaultValue = "true")
            Boolean affine,

            @Schema(
                    description = "dropout: the probability of zeroing an element, in [0, 1).",
                    minimum = "0",
                    exclusiveMaximumValue = 1,
                    defaultValue = "0.5")
            Double p,

            @Schema(description = "flatten: the first dimension flattened (0 is the batch).", defaultValue = "1")
            Integer startDim,

            @Schema(description = "flatten: the last dimension flattened.", defaultValue = "-1")
            Integer endDim,

            @Schema(description = "embedding: vocabulary size (required).", minimum = "1")
            Integer num,

            @Schema(
                    description = "embedding: vector size (required); softmax, log_softmax: the dimension"
                            + " normalised (default -1).")
            Integer dim,

            @Schema(description = "rnn, lstm, gru: hidden size (required).", minimum = "1")
            Integer hidden,

            @Schema(description = "rnn, lstm, gru: stacked layers.", minimum = "1", defaultValue = "1")
            Integer layers,

            @Schema(description = "rnn, lstm, gru: run both directions.", defaultValue = "false")
            Boolean bidirectional,

            @Schema(
                    description = "rnn, lstm, gru: output every step's hidden state, not only the last.",
                    defaultValue = "false")
            Boolean returnSequences,

            @Schema(description = "leaky_relu: the negative slope.", defaultValue = "0.01")
            Double slope,

            @Schema(
                    description = "gelu: the tanh approximation, or none.",
                    allowableValues = {"none", "tanh"},
                    defaultValue = "none")
            String approximate) {}
}
