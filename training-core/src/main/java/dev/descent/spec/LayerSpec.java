package dev.descent.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One layer of a model spec. The JSON form is an object with a {@code type} and that type's fields; sizes that come
 * from the previous layer (in features, channels) are inferred, never written.
 */
public sealed interface LayerSpec {

    /** The JSON type name. */
    String type();

    /**
     * How a linear or conv layer's weights start: "default" is PyTorch's (Kaiming uniform with a = sqrt(5), bias
     * U(+-1/sqrt(fan_in))); "normal_fan_in" is N(0, fan_in^-1/2) with zero bias, the from-scratch classic; the Xavier
     * and Kaiming (relu gain, fan_in) schemes set the weight and zero the bias.
     */
    Set<String> INITS =
            Set.of("default", "normal_fan_in", "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal");

    /** {"type":"linear","out":512,"bias":true,"init":"default"} */
    record Linear(int out, boolean bias, String init) implements LayerSpec {
        public Linear(int out, boolean bias) {
            this(out, bias, "default");
        }

        @Override
        public String type() {
            return "linear";
        }
    }

    /**
     * {"type":"conv1d"|"conv2d","out":6,"kernel":5,"stride":1,"padding":0,"dilation":1,"groups":1,"bias":true,"init":"default"};
     * 2-D sizes may be [h, w].
     */
    record Conv(
            int dims,
            int out,
            int[] kernel,
            int[] stride,
            int[] padding,
            int[] dilation,
            int groups,
            boolean bias,
            String init)
            implements LayerSpec {
        public Conv(
                int dims,
                int out,
                int[] kernel,
                int[] stride,
                int[] padding,
                int[] dilation,
                int groups,
                boolean bias) {
            this(dims, out, kernel, stride, padding, dilation, groups, bias, "default");
        }

        @Override
        public String type() {
            return "conv" + dims + "d";
        }
    }

    /**
     * {"type":"conv_transpose2d","out":16,"kernel":3,"stride":2,"padding":1,"outputPadding":1,"dilation":1,"groups":1,"bias":true}
     */
    record ConvTranspose2d(
            int out,
            int[] kernel,
            int[] stride,
            int[] padding,
            int[] outputPadding,
            int[] dilation,
            int groups,
            boolean bias)
            implements LayerSpec {
        @Override
        public String type() {
            return "conv_transpose2d";
        }
    }

    /** {"type":"max_pool2d"|"avg_pool2d","kernel":2,"stride":2 (defaults to kernel),"padding":0,"ceilMode":false} */
    record Pool2d(boolean max, int[] kernel, int[] stride, int[] padding, boolean ceilMode) implements LayerSpec {
        @Override
        public String type() {
            return max ? "max_pool2d" : "avg_pool2d";
        }
    }

    /** {"type":"adaptive_avg_pool2d"|"adaptive_max_pool2d","output":[1,1]} */
    record AdaptivePool2d(boolean max, int[] output) implements LayerSpec {
        @Override
        public String type() {
            return max ? "adaptive_max_pool2d" : "adaptive_avg_pool2d";
        }
    }

    /** {"type":"zero_pad2d"|"constant_pad2d"|"replication_pad2d","padding":[left,right,top,bottom] or n,"value":0} */
    record Pad2d(String mode, int[] padding, double value) implements LayerSpec {
        @Override
        public String type() {
            return mode + "_pad2d";
        }
    }

    /** {"type":"batch_norm1d"|"batch_norm2d","eps":1e-5,"momentum":0.1,"affine":true} */
    record BatchNorm(int dims, double eps, double momentum, boolean affine) implements LayerSpec {
        @Override
        public String type() {
            return "batch_norm" + dims + "d";
        }
    }

    /** {"type":"layer_norm","eps":1e-5,"affine":true}: normalises over the last dimension. */
    record LayerNorm(double eps, boolean affine) implements LayerSpec {
        @Override
        public String type() {
            return "layer_norm";
        }
    }

    /** {"type":"dropout","p":0.5} */
    record Dropout(double p) implements LayerSpec {
        @Override
        public String type() {
            return "dropout";
        }
    }

    /** {"type":"flatten","startDim":1,"endDim":-1} (dims count the batch dimension as 0, as in PyTorch). */
    record Flatten(int startDim, int endDim) implements LayerSpec {
        @Override
        public String type() {
            return "flatten";
        }
    }

    /** {"type":"embedding","num":10000,"dim":64}: integer inputs to vectors. */
    record Embedding(int num, int dim) implements LayerSpec {
        @Override
        public String type() {
            return "embedding";
        }
    }

    /**
     * {"type":"rnn"|"lstm"|"gru","hidden":64,"layers":1,"bidirectional":false,"returnSequences":false}: input [seq,
     * features] per sample (batch first); output the last step's hidden state, or every step's.
     */
    record Recurrent(String cell, int hidden, int layers, boolean bidirectional, boolean returnSequences)
            implements LayerSpec {
        @Override
        public String type() {
            return cell;
        }
    }

    /** relu, leaky_relu {"slope":0.01}, sigmoid, tanh, gelu {"approximate":"none"}, softmax/log_softmax {"dim":-1}. */
    record Activation(String type, double slope, int dim, String approximate) implements LayerSpec {}

    Set<String> TYPES = Set.of(
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
            "log_softmax");

    /** Parses layer {@code index} of a spec; errors name {@code layers[index].field}. */
    static LayerSpec parse(int index, JsonNode node) {
        Fields f = new Fields("layers[" + index + "]", node);
        String type = f.text("type", null);
        if (!TYPES.contains(type)) {
            throw new ConfigException(
                    "layers[" + index + "].type",
                    "unknown layer type '" + type + "'; expected one of " + new java.util.TreeSet<>(TYPES));
        }
        LayerSpec spec = switch (type) {
            case "linear" -> new Linear(f.positive("out"), f.bool("bias", true), f.choice("init", "default", INITS));
            case "conv1d", "conv2d" -> {
                int dims = type.equals("conv1d") ? 1 : 2;
                yield new Conv(
                        dims,
                        f.positive("out"),
                        f.sizes("kernel", dims, null, 1),
                        f.sizes("stride", dims, 1, 1),
                        f.sizes("padding", dims, 0, 0),
                        f.sizes("dilation", dims, 1, 1),
                        f.positiveOr("groups", 1),
                        f.bool("bias", true),
                        f.choice("init", "default", INITS));
            }
            case "conv_transpose2d" ->
                new ConvTranspose2d(
                        f.positive("out"),
                        f.sizes("kernel", 2, null, 1),
                        f.sizes("stride", 2, 1, 1),
                        f.sizes("padding", 2, 0, 0),
                        f.sizes("outputPadding", 2, 0, 0),
                        f.sizes("dilation", 2, 1, 1),
                        f.positiveOr("groups", 1),
                        f.bool("bias", true));
            case "max_pool2d", "avg_pool2d" -> {
                int[] kernel = f.sizes("kernel", 2, null, 1);
                yield new Pool2d(
                        type.equals("max_pool2d"),
                        kernel,
                        f.sizes("stride", 2, null, 1, kernel),
                        f.sizes("padding", 2, 0, 0),
                        f.bool("ceilMode", false));
            }
            case "adaptive_avg_pool2d", "adaptive_max_pool2d" ->
                new AdaptivePool2d(type.startsWith("adaptive_max"), f.sizes("output", 2, null, 1));
            case "zero_pad2d", "constant_pad2d", "replication_pad2d" ->
                new Pad2d(
                        type.substring(0, type.indexOf("_pad2d")),
                        f.sizes("padding", 4, null, 0),
                        type.equals("constant_pad2d") ? f.number("value", 0) : 0);
            case "batch_norm1d", "batch_norm2d" ->
                new BatchNorm(
                        type.endsWith("1d") ? 1 : 2,
                        f.positiveNumber("eps", 1e-5),
                        f.fraction("momentum", 0.1),
                        f.bool("affine", true));
            case "layer_norm" -> new LayerNorm(f.positiveNumber("eps", 1e-5), f.bool("affine", true));
            case "dropout" -> {
                double p = f.number("p", 0.5);
                if (!(p >= 0 && p < 1))
                    throw new ConfigException(f.path("p"), "dropout probability must be in [0, 1), got " + p);
                yield new Dropout(p);
            }
            case "flatten" -> new Flatten(f.integer("startDim", 1), f.integer("endDim", -1));
            case "embedding" -> new Embedding(f.positive("num"), f.positive("dim"));
            case "rnn", "lstm", "gru" ->
                new Recurrent(
                        type,
                        f.positive("hidden"),
                        f.positiveOr("layers", 1),
                        f.bool("bidirectional", false),
                        f.bool("returnSequences", false));
            default -> {
                String approximate = f.text("approximate", "none");
                if (!approximate.equals("none") && !approximate.equals("tanh")) {
                    throw new ConfigException(
                            f.path("approximate"), "must be 'none' or 'tanh', got '" + approximate + "'");
                }
                yield new Activation(type, f.number("slope", 0.01), f.integer("dim", -1), approximate);
            }
        };
        f.rejectUnknown(spec);
        return spec;
    }

    /** Reads typed fields of one JSON object, with errors that name the field's path. */
    final class Fields {
        private final String prefix;
        private final JsonNode node;
        private final List<String> read = new ArrayList<>();

        Fields(String prefix, JsonNode node) {
            if (node == null || !node.isObject())
                throw new ConfigException(prefix, "a layer must be a JSON object with a \"type\"");
            this.prefix = prefix;
            this.node = node;
        }

        String path(String name) {
            return prefix + "." + name;
        }

        private JsonNode get(String name) {
            read.add(name);
            JsonNode v = node.get(name);
            return v == null || v.isNull() ? null : v;
        }

        String text(String name, String fallback) {
            JsonNode v = get(name);
            if (v == null) {
                if (fallback == null) throw new ConfigException(path(name), "is required");
                return fallback;
            }
            if (!v.isString()) throw new ConfigException(path(name), "must be a string, got " + v);
            return v.asString();
        }

        String choice(String name, String fallback, Set<String> allowed) {
            String v = text(name, fallback);
            if (!allowed.contains(v))
                throw new ConfigException(
                        path(name), "must be one of " + new java.util.TreeSet<>(allowed) + ", got '" + v + "'");
            return v;
        }

        boolean bool(String name, boolean fallback) {
            JsonNode v = get(name);
            if (v == null) return fallback;
            if (!v.isBoolean()) throw new ConfigException(path(name), "must be true or false, got " + v);
            return v.asBoolean();
        }

        double number(String name, double fallback) {
            JsonNode v = get(name);
            if (v == null) return fallback;
            if (!v.isNumber()) throw new ConfigException(path(name), "must be a number, got " + v);
            return v.asDouble();
        }

        double positiveNumber(String name, double fallback) {
            double x = number(name, fallback);
            if (!(x > 0)) throw new ConfigException(path(name), "must be > 0, got " + x);
            return x;
        }

        double fraction(String name, double fallback) {
            double x = number(name, fallback);
            if (!(x >= 0 && x <= 1)) throw new ConfigException(path(name), "must be in [0, 1], got " + x);
            return x;
        }

        int integer(String name, int fallback) {
            JsonNode v = get(name);
            if (v == null) return fallback;
            return toInt(name, v);
        }

        int positive(String name) {
            JsonNode v = get(name);
            if (v == null) throw new ConfigException(path(name), "is required");
            int n = toInt(name, v);
            if (n <= 0) throw new ConfigException(path(name), "must be a positive integer, got " + n);
            return n;
        }

        int positiveOr(String name, int fallback) {
            int n = integer(name, fallback);
            if (n <= 0) throw new ConfigException(path(name), "must be a positive integer, got " + n);
            return n;
        }

        /**
         * A size per spatial dimension: one integer for all, or a list of {@code dims}. {@code fallback} null means
         * required; {@code orElse} replaces a missing value (a pool's stride defaults to its kernel).
         */
        int[] sizes(String name, int dims, Integer fallback, int min, int[]... orElse) {
            JsonNode v = get(name);
            int[] out = new int[dims];
            if (v == null) {
                if (orElse.length > 0) return orElse[0].clone();
                if (fallback == null) throw new ConfigException(path(name), "is required");
                java.util.Arrays.fill(out, fallback);
                return out;
            }
            if (v.isArray()) {
                if (v.size() != dims)
                    throw new ConfigException(path(name), "must be one integer or a list of " + dims + ", got " + v);
                for (int i = 0; i < dims; i++) out[i] = toInt(name, v.get(i));
            } else {
                java.util.Arrays.fill(out, toInt(name, v));
            }
            for (int x : out) if (x < min) throw new ConfigException(path(name), "must be >= " + min + ", got " + v);
            return out;
        }

        private int toInt(String name, JsonNode v) {
            if (!v.isNumber()
                    || v.asDouble() != Math.rint(v.asDouble())
                    || Math.abs(v.asDouble()) > Integer.MAX_VALUE) {
                throw new ConfigException(path(name), "must be an integer, got " + v);
            }
            return v.asInt();
        }

        void rejectUnknown(LayerSpec spec) {
            for (var e : node.properties()) {
                if (!read.contains(e.getKey()) && !e.getKey().equals("name")) {
                    throw new ConfigException(
                            path(e.getKey()), "unknown field for a " + spec.type() + " layer (known: " + read + ")");
                }
            }
        }
    }
}
