package dev.descent.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The model specs that ship with Descent, by name, as the JSON a user would write. */
public final class BuiltinModels {
    private static final Map<String, String> SPECS = new LinkedHashMap<>();

    static {
        // The Keras tutorial network: Dense(512, relu) -> Dropout(0.2) -> Dense(10, softmax folded into the loss).
        SPECS.put("keras-mlp", """
                {"name": "keras-mlp", "input": [1, 28, 28],
                 "layers": [{"type": "flatten"},
                            {"type": "linear", "out": 512}, {"type": "relu"},
                            {"type": "dropout", "p": 0.2},
                            {"type": "linear", "out": 10}],
                 "loss": "cross_entropy"}""");
        // The from-scratch network of the classic tutorials: 784-250-10, sigmoids, squared error summed over the
        // outputs (as the
        // hand-written update does, one sample at a time), weights N(0, fan_in^-1/2), no biases.
        SPECS.put("scratch-mlp", """
                {"name": "scratch-mlp", "input": [1, 28, 28],
                 "layers": [{"type": "flatten"},
                            {"type": "linear", "out": 250, "bias": false, "init": "normal_fan_in"}, {"type": "sigmoid"},
                            {"type": "linear", "out": 10, "bias": false, "init": "normal_fan_in"}, {"type": "sigmoid"}],
                 "loss": {"type": "mse", "reduction": "sum"}}""");
        // The small CNN of the Keras Fashion-MNIST tutorials: two conv+pool blocks (32 and 64 3x3 filters) and two
        // linear
        // layers, Glorot-uniform weights as Keras starts them. It reaches 0.89 in three epochs of Adam; LeNet-5 below,
        // started as PyTorch starts it, learns more slowly (0.845 with the same command, 0.849 on libtorch).
        SPECS.put("lenet", """
                {"name": "lenet", "input": [1, 28, 28],
                 "layers": [{"type": "conv2d", "out": 32, "kernel": 3, "padding": 1, "init": "xavier_uniform"}, {"type": "relu"},
                            {"type": "max_pool2d", "kernel": 2},
                            {"type": "conv2d", "out": 64, "kernel": 3, "padding": 1, "init": "xavier_uniform"}, {"type": "relu"},
                            {"type": "max_pool2d", "kernel": 2},
                            {"type": "flatten"},
                            {"type": "linear", "out": 128, "init": "xavier_uniform"}, {"type": "relu"},
                            {"type": "linear", "out": 10, "init": "xavier_uniform"}],
                 "loss": "cross_entropy"}""");
        // LeNet-5 for 28x28 inputs: the first convolution pads by 2, as the original's 32x32 input did.
        SPECS.put("lenet5", """
                {"name": "lenet5", "input": [1, 28, 28],
                 "layers": [{"type": "conv2d", "out": 6, "kernel": 5, "padding": 2}, {"type": "relu"}, {"type": "max_pool2d", "kernel": 2},
                            {"type": "conv2d", "out": 16, "kernel": 5}, {"type": "relu"}, {"type": "max_pool2d", "kernel": 2},
                            {"type": "flatten"},
                            {"type": "linear", "out": 120}, {"type": "relu"},
                            {"type": "linear", "out": 84}, {"type": "relu"},
                            {"type": "linear", "out": 10}],
                 "loss": "cross_entropy"}""");
        // A 1-10-1 regression network for fitting a curve such as y = x^2, initialised N(0, fan_in^-1/2) like the
        // from-scratch examples it comes from: PyTorch's default init leaves plain SGD far slower on this curve.
        SPECS.put("curve-fit", """
                {"name": "curve-fit", "input": [1],
                 "layers": [{"type": "linear", "out": 10, "init": "normal_fan_in"}, {"type": "tanh"},
                            {"type": "linear", "out": 1, "init": "normal_fan_in"}],
                 "loss": "mse"}""");
    }

    private BuiltinModels() {}

    public static List<String> names() {
        return List.copyOf(SPECS.keySet());
    }

    public static boolean isBuiltin(String name) {
        return SPECS.containsKey(name);
    }

    /** The spec of a built-in model; an unknown name fails with the list of known ones. */
    public static ModelSpec builtin(String name) {
        return ModelSpec.fromJson(json(name));
    }

    public static String json(String name) {
        String json = SPECS.get(name);
        if (json == null)
            throw new ConfigException("model", "unknown built-in model '" + name + "'; expected one of " + names());
        return json;
    }
}
