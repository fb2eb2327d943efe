package dev.descent.optim;

import dev.descent.spec.ConfigException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads the camelCase options of an optimizer or schedule config, with errors naming the field as
 * {@code <section>.<option>} ({@code optimizer.beta1}, {@code schedule.stepSize}).
 */
final class Options {
    private final String section;
    private final String owner;
    private final Map<String, Object> values;

    Options(String section, String owner, Map<String, Object> values) {
        this.section = section;
        this.owner = owner;
        this.values = values;
    }

    /** Refuses any option not in {@code known}, naming the first (alphabetically) and listing the known ones. */
    void allowOnly(List<String> known) {
        TreeSet<String> unknown = new TreeSet<>(values.keySet());
        known.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new ConfigException(
                    field(unknown.first()),
                    "unknown option for " + owner + "; known: "
                            + (known.isEmpty() ? "none" : String.join(", ", known)));
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    double number(String name, double fallback) {
        Object v = values.get(name);
        if (v == null) return fallback;
        if (v instanceof Number n) return n.doubleValue();
        throw new ConfigException(field(name), "must be a number, got " + describe(v));
    }

    double requiredNumber(String name) {
        if (!has(name)) throw new ConfigException(field(name), "is required for " + owner);
        return number(name, Double.NaN);
    }

    int whole(String name, int fallback) {
        if (!has(name)) return fallback;
        double v = number(name, fallback);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE)
            throw new ConfigException(field(name), "must be a whole number, got " + Check.format(v));
        return (int) v;
    }

    int requiredWhole(String name) {
        if (!has(name)) throw new ConfigException(field(name), "is required for " + owner);
        return whole(name, 0);
    }

    boolean flag(String name, boolean fallback) {
        Object v = values.get(name);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        throw new ConfigException(field(name), "must be true or false, got " + describe(v));
    }

    String choice(String name, String fallback, List<String> allowed) {
        Object v = values.get(name);
        if (v == null) return fallback;
        if (v instanceof String s && allowed.contains(s)) return s;
        throw new ConfigException(field(name), "must be one of " + String.join(", ", allowed) + ", got " + describe(v));
    }

    /** The value of {@code name} or of its alias (PyTorch's name), refusing both at once. */
    String aliasOf(String name, String alias) {
        if (has(name) && has(alias))
            throw new ConfigException(field(alias), "give " + name + " or " + alias + ", not both");
        return has(alias) ? alias : name;
    }

    String field(String name) {
        return section + "." + name;
    }

    private static String describe(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }
}
