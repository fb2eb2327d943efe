package dev.descent.platform.sweeps;

import dev.descent.platform.web.ApiProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The parameters a sweep varies, each a dotted path into the run config ({@code optimizer.lr}, {@code batchSize}) with
 * a domain: a list of values, or a range {@code {"min": 1e-4, "max": 0.1, "scale": "log", "type": "float"}}
 * ({@code scale} linear or log, {@code type} float or int, both inclusive). A grid is the exact cross product of the
 * lists, first parameter slowest, as nested loops would make it; random draws come from a {@link SplittableRandom}
 * seeded with the sweep's seed, parameters drawn in the order the request lists them, so the same request draws the
 * same configs on any machine (the generator's algorithm is fixed by its specification).
 */
final class SweepSpace {
    static final int MAX_PARAMETERS = 32;
    static final int MAX_VALUES = 1_000;
    private static final int MAX_DEPTH = 4;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    /** What a sweep may vary: the fields of a train config (the run's experiment, data and model stay fixed). */
    static final Set<String> SWEEPABLE = Set.of(
            "optimizer",
            "schedule",
            "batchSize",
            "epochs",
            "seed",
            "valSplit",
            "earlyStoppingPatience",
            "clipGradNorm");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Where a parameter's values come from. */
    sealed interface Domain {}

    /** One of these values. */
    record Choice(List<JsonNode> values) implements Domain {}

    /** A number in [min, max], uniform in the value or in its logarithm; whole numbers when {@code integer}. */
    record Range(double min, double max, boolean log, boolean integer) implements Domain {}

    record Parameter(String path, Domain domain) {}

    private final List<Parameter> parameters;

    SweepSpace(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
    }

    List<Parameter> parameters() {
        return parameters;
    }

    List<String> paths() {
        return parameters.stream().map(Parameter::path).toList();
    }

    /** Reads {@code parameters} of a sweep request; every refusal names {@code parameters.<path>}. */
    static SweepSpace parse(JsonNode node) {
        if (node == null || !node.isObject() || node.isEmpty())
            throw ApiProblem.badRequest(
                    "parameters",
                    "must be a non-empty object of dotted paths to value lists or ranges, e.g."
                            + " {\"optimizer.lr\": {\"min\": 1e-4, \"max\": 0.1, \"scale\": \"log\"}}");
        if (node.size() > MAX_PARAMETERS)
            throw ApiProblem.badRequest("parameters", "at most " + MAX_PARAMETERS + " parameters, got " + node.size());
        List<Parameter> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (var e : node.properties()) {
            String path = e.getKey();
            String field = "parameters." + path;
            checkPath(path, field);
            for (String other : seen) {
                if (other.startsWith(path + ".") || path.startsWith(other + "."))
                    throw ApiProblem.badRequest(field, "overlaps parameter '" + other + "'; sweep one or the other");
            }
            seen.add(path);
            out.add(new Parameter(path, domain(e.getValue(), field)));
        }
        return new SweepSpace(out);
    }

    private static void checkPath(String path, String field) {
        String[] segments = path.split("\\.", -1);
        if (path.length() > 200 || segments.length > MAX_DEPTH)
            throw ApiProblem.badRequest(field, "must be a dotted path of at most " + MAX_DEPTH + " names");
        for (String s : segments) {
            if (!SEGMENT.matcher(s).matches())
                throw ApiProblem.badRequest(
                        field, "must be a dotted path of names (letters, digits, _), e.g. optimizer.lr");
        }
        if (!SWEEPABLE.contains(segments[0]))
            throw ApiProblem.badRequest(
                    field,
                    "'" + segments[0] + "' cannot be swept; a sweep varies "
                            + String.join(", ", SWEEPABLE.stream().sorted().toList()));
    }

    private static Domain domain(JsonNode v, String field) {
        if (v.isArray()) {
            if (v.isEmpty() || v.size() > MAX_VALUES)
                throw ApiProblem.badRequest(field, "must list 1 to " + MAX_VALUES + " values, got " + v.size());
            List<JsonNode> values = new ArrayList<>();
            for (JsonNode x : v) {
                if (x.isNull()) throw ApiProblem.badRequest(field, "values must not be null");
                values.add(x);
            }
            return new Choice(values);
        }
        if (!v.isObject())
            throw ApiProblem.badRequest(field, "must be a list of values or a range {\"min\": .., \"max\": ..}");
        for (String k : v.propertyNames()) {
            if (!Set.of("min", "max", "scale", "type").contains(k))
                throw ApiProblem.badRequest(field + "." + k, "is not a range field; a range has min, max, scale, type");
        }
        double min = number(v, "min", field);
        double max = number(v, "max", field);
        String scale = text(v, "scale", "linear", field);
        String type = text(v, "type", "float", field);
        if (!scale.equals("linear") && !scale.equals("log"))
            throw ApiProblem.badRequest(field + ".scale", "must be linear or log, got '" + scale + "'");
        if (!type.equals("float") && !type.equals("int"))
            throw ApiProblem.badRequest(field + ".type", "must be float or int, got '" + type + "'");
        if (min > max) throw ApiProblem.badRequest(field + ".min", "must be at most max (" + max + "), got " + min);
        boolean log = scale.equals("log");
        if (log && min <= 0) throw ApiProblem.badRequest(field + ".min", "must be > 0 on a log scale, got " + min);
        boolean integer = type.equals("int");
        if (integer) {
            if (min != Math.rint(min) || max != Math.rint(max) || Math.abs(min) > 1e9 || Math.abs(max) > 1e9)
                throw ApiProblem.badRequest(field, "an int range needs whole min and max within ±1e9");
        }
        return new Range(min, max, log, integer);
    }

    private static double number(JsonNode v, String name, String field) {
        JsonNode n = v.get(name);
        if (n == null || !n.isNumber() || !Double.isFinite(n.asDouble()))
            throw ApiProblem.badRequest(field + "." + name, "must be a finite number");
        return n.asDouble();
    }

    private static String text(JsonNode v, String name, String fallback, String field) {
        JsonNode n = v.get(name);
        if (n == null || n.isNull()) return fallback;
        if (!n.isString()) throw ApiProblem.badRequest(field + "." + name, "must be a string");
        return n.asString();
    }

    /** The exact cross product of the lists, first parameter slowest; refused when it has more than {@code maxRuns}. */
    List<Map<String, JsonNode>> grid(int maxRuns) {
        long size = 1;
        for (Parameter p : parameters) {
            if (!(p.domain() instanceof Choice c))
                throw ApiProblem.badRequest(
                        "parameters." + p.path(), "a grid takes lists of values; draw from ranges with kind random");
            size *= c.values().size();
            if (size > maxRuns)
                throw ApiProblem.badRequest(
                        "maxRuns",
                        "the grid has more than " + maxRuns + " combinations; raise maxRuns (at most 1000) or list"
                                + " fewer values");
        }
        List<Map<String, JsonNode>> out = new ArrayList<>((int) size);
        int[] index = new int[parameters.size()];
        for (long n = 0; n < size; n++) {
            Map<String, JsonNode> config = new LinkedHashMap<>();
            for (int i = 0; i < parameters.size(); i++)
                config.put(
                        parameters.get(i).path(),
                        ((Choice) parameters.get(i).domain()).values().get(index[i]));
            out.add(config);
            for (int i = parameters.size() - 1; i >= 0; i--) {
                if (++index[i] < ((Choice) parameters.get(i).domain()).values().size()) break;
                index[i] = 0;
            }
        }
        return out;
    }

    /** {@code count} independent draws, reproducible from {@code seed}. */
    List<Map<String, JsonNode>> random(int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Map<String, JsonNode>> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            Map<String, JsonNode> config = new LinkedHashMap<>();
            for (Parameter p : parameters) config.put(p.path(), draw(p.domain(), rng));
            out.add(config);
        }
        return out;
    }

    private static JsonNode draw(Domain d, SplittableRandom rng) {
        return switch (d) {
            case Choice c -> c.values().get(rng.nextInt(c.values().size()));
            case Range r
            when r.integer() && !r.log() ->
                NODES.numberNode((long) r.min() + rng.nextLong((long) (r.max() - r.min() + 1)));
            case Range r
            when r.integer() -> {
                // Uniform in log over [min, max + 1), floored: each whole number gets the log-width of its unit.
                double x = Math.exp(Math.log(r.min()) + rng.nextDouble() * (Math.log(r.max() + 1) - Math.log(r.min())));
                yield NODES.numberNode(Math.min((long) r.max(), (long) Math.floor(x)));
            }
            case Range r
            when r.log() ->
                NODES.numberNode(Math.min(
                        r.max(),
                        Math.exp(Math.log(r.min()) + rng.nextDouble() * (Math.log(r.max()) - Math.log(r.min())))));
            case Range r -> NODES.numberNode(r.min() + rng.nextDouble() * (r.max() - r.min()));
        };
    }

    /** A copy of {@code base} with each value set at its dotted path (objects on the way are made as needed). */
    static ObjectNode apply(ObjectNode base, Map<String, JsonNode> values) {
        ObjectNode out = base.deepCopy();
        for (var e : values.entrySet()) {
            String[] segments = e.getKey().split("\\.", -1);
            ObjectNode at = out;
            for (int i = 0; i < segments.length - 1; i++) {
                ObjectNode next = at.get(segments[i]) instanceof ObjectNode o ? o : NODES.objectNode();
                at.set(segments[i], next);
                at = next;
            }
            at.set(segments[segments.length - 1], e.getValue().deepCopy());
        }
        return out;
    }

    /** The value at a dotted path of {@code node}, or null. */
    static JsonNode at(JsonNode node, String path) {
        JsonNode at = node;
        for (String s : path.split("\\.", -1)) {
            if (at == null || !at.isObject()) return null;
            at = at.get(s);
        }
        return at;
    }
}
