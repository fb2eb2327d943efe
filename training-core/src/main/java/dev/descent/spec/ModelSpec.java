package dev.descent.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A model described as data, shared by the CLI, the API and both engines:
 *
 * <pre>{@code
 * { "name": "keras-mlp", "input": [1, 28, 28],
 *   "layers": [ {"type": "flatten"}, {"type": "linear", "out": 512}, {"type": "relu"},
 *               {"type": "dropout", "p": 0.2}, {"type": "linear", "out": 10} ],
 *   "loss": "cross_entropy" }
 * }</pre>
 *
 * {@code input} is one sample's shape (no batch dimension). Parsing checks the JSON's form; building it (which infers
 * every shape) checks that the layers fit together.
 */
public record ModelSpec(
        String name, int[] input, List<LayerSpec> layers, String loss, String lossReduction, String json) {

    public static final Set<String> LOSSES =
            Set.of("cross_entropy", "nll", "mse", "l1", "smooth_l1", "huber", "bce", "bce_with_logits");

    public static final Set<String> REDUCTIONS = Set.of("mean", "sum");

    public ModelSpec {
        layers = List.copyOf(layers);
        input = input.clone();
        lossReduction = lossReduction == null ? "mean" : lossReduction;
    }

    /** A spec whose loss averages over the batch (the usual case). */
    public ModelSpec(String name, int[] input, List<LayerSpec> layers, String loss, String json) {
        this(name, input, layers, loss, "mean", json);
    }

    public static ModelSpec fromJson(String json) {
        JsonNode root = JsonText.parse(json);
        if (root == null || !root.isObject()) throw new ConfigException("$", "a model spec must be a JSON object");
        JsonNode nameNode = root.get("name");
        if (nameNode != null
                && !nameNode.isNull()
                && (!nameNode.isString() || nameNode.asString().isBlank()))
            throw new ConfigException("name", "must be a non-blank string, got " + nameNode);
        String name = nameNode == null || nameNode.isNull() ? "model" : nameNode.asString();
        JsonNode in = root.get("input");
        if (in == null || !in.isArray() || in.isEmpty()) {
            throw new ConfigException("input", "is required: one sample's shape as a list, e.g. [1, 28, 28]");
        }
        int[] input = new int[in.size()];
        for (int i = 0; i < input.length; i++) {
            JsonNode d = in.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToInt() || d.asInt() <= 0)
                throw new ConfigException("input[" + i + "]", "must be a positive integer, got " + d);
            input[i] = d.asInt();
        }
        JsonNode ls = root.get("layers");
        if (ls == null || !ls.isArray() || ls.isEmpty())
            throw new ConfigException("layers", "is required: a non-empty list of layers");
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < ls.size(); i++) layers.add(LayerSpec.parse(i, ls.get(i)));
        // "loss" is a name, or {"type": name, "reduction": "mean" | "sum"} (the classic from-scratch net sums its
        // squared errors).
        JsonNode lossNode = root.get("loss");
        String loss = "cross_entropy", reduction = "mean";
        if (lossNode != null && lossNode.isObject()) {
            loss = lossNode.path("type").asString("");
            reduction = lossNode.path("reduction").asString("mean");
            for (var e : lossNode.properties()) {
                if (!Set.of("type", "reduction").contains(e.getKey()))
                    throw new ConfigException("loss." + e.getKey(), "unknown field (known: type, reduction)");
            }
            if (!REDUCTIONS.contains(reduction))
                throw new ConfigException("loss.reduction", "must be 'mean' or 'sum', got '" + reduction + "'");
        } else if (lossNode != null && !lossNode.isNull()) {
            if (!lossNode.isString())
                throw new ConfigException(
                        "loss",
                        "must be a loss name or {\"type\": name, \"reduction\": \"mean\"|\"sum\"}, got " + lossNode);
            loss = lossNode.asString();
        }
        if (!LOSSES.contains(loss))
            throw new ConfigException(
                    "loss", "unknown loss '" + loss + "'; expected one of " + new java.util.TreeSet<>(LOSSES));
        for (var e : root.properties()) {
            if (!Set.of("name", "input", "layers", "loss").contains(e.getKey())) {
                throw new ConfigException(
                        e.getKey(), "unknown field in a model spec (known: name, input, layers, loss)");
            }
        }
        return new ModelSpec(name, input, layers, loss, reduction, root.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec s && json.equals(s.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return json;
    }
}
