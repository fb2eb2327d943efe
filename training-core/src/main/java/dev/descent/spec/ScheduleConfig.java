package dev.descent.spec;

import java.util.List;
import java.util.Map;

/**
 * A learning-rate schedule by name with its options, as in {@code {"type":"step","stepSize":10,"gamma":0.1}}. Types:
 * step, exponential, cosine, warmup, plateau.
 */
public record ScheduleConfig(String type, Map<String, Object> options) {

    public static final List<String> TYPES = List.of("step", "exponential", "cosine", "warmup", "plateau");

    public ScheduleConfig {
        if (type == null || !TYPES.contains(type)) {
            throw new ConfigException(
                    "schedule.type", "unknown schedule '" + type + "'; expected one of " + String.join(", ", TYPES));
        }
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public double option(String name, double fallback) {
        Object v = options.get(name);
        if (v == null) return fallback;
        if (v instanceof Number n) return n.doubleValue();
        throw new ConfigException("schedule." + name, "must be a number, got " + v);
    }
}
