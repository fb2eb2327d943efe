package dev.descent.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which optimizer, its learning rate and its other hyper-parameters by name, as in the JSON
 * {@code {"type":"adam","lr":0.001,"beta1":0.9,"weightDecay":0}}. Option names are camelCase.
 */
public record OptimizerConfig(String type, double lr, Map<String, Object> options) {

    public static final List<String> TYPES =
            List.of("sgd", "momentum", "rmsprop", "adam", "adamw", "nadam", "radam", "adagrad", "adadelta", "lbfgs");

    public OptimizerConfig {
        if (type == null || !TYPES.contains(type)) {
            throw new ConfigException(
                    "optimizer.type", "unknown optimizer '" + type + "'; expected one of " + String.join(", ", TYPES));
        }
        if (!(lr > 0) || Double.isInfinite(lr))
            throw new ConfigException("optimizer.lr", "learning rate must be > 0, got " + lr);
        options = options == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(options));
    }

    public static OptimizerConfig of(String type, double lr) {
        return new OptimizerConfig(type, lr, Map.of());
    }

    public OptimizerConfig with(String option, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(options);
        m.put(option, value);
        return new OptimizerConfig(type, lr, m);
    }

    public double option(String name, double fallback) {
        Object v = options.get(name);
        if (v == null) return fallback;
        if (v instanceof Number n) return n.doubleValue();
        throw new ConfigException("optimizer." + name, "must be a number, got " + v);
    }

    public boolean flag(String name, boolean fallback) {
        Object v = options.get(name);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        throw new ConfigException("optimizer." + name, "must be true or false, got " + v);
    }
}
