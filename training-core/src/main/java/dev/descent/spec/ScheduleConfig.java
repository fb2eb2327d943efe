package dev.descent.spec;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

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

    /**
     * Parses the JSON form, {@code {"type":"step","stepSize":10,"gamma":0.1}}; null for a missing or null node. Errors
     * name the field ({@code schedule.type}, {@code schedule.gamma}).
     */
    public static ScheduleConfig fromJson(JsonNode node) {
        if (node == null || node.isNull()) return null;
        return new ScheduleConfig(
                TrainConfig.text(node, "type", "schedule.type", null), TrainConfig.options(node, "schedule", "type"));
    }

    public double option(String name, double fallback) {
        Object v = options.get(name);
        if (v == null) return fallback;
        if (v instanceof Number n) return n.doubleValue();
        throw new ConfigException("schedule." + name, "must be a number, got " + v);
    }
}
