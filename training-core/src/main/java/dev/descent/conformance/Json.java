package dev.descent.conformance;

import dev.descent.backend.DType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The wire format of cases and outcomes, one JSON object per line. Non-finite numbers travel as the strings "nan",
 * "inf" and "-inf" (JSON has no literal for them); a Python int is a JSON number without a point, a Python float one
 * with it.
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    // ---- writing cases ---------------------------------------------------------------------------

    static String write(Case c) {
        StringBuilder s = new StringBuilder(256);
        s.append("{\"seed\":").append(c.seed()).append(",\"id\":").append(c.id());
        s.append(",\"family\":");
        string(s, c.family());
        s.append(",\"op\":");
        string(s, c.op());
        s.append(",\"order\":").append(c.order()).append(",\"inputs\":[");
        for (int i = 0; i < c.inputs().size(); i++) {
            if (i > 0) s.append(',');
            input(s, c.inputs().get(i));
        }
        s.append("],\"args\":");
        value(s, c.args());
        return s.append('}').toString();
    }

    private static void input(StringBuilder s, CaseInput in) {
        s.append("{\"dtype\":\"").append(in.dtype().label()).append("\",\"shape\":");
        value(s, CaseBuilder.boxed(in.shape()));
        s.append(",\"grad\":").append(in.grad()).append(",\"data\":[");
        boolean integral = !in.dtype().isFloatingPoint();
        for (int i = 0; i < in.data().length; i++) {
            if (i > 0) s.append(',');
            double v = in.data()[i];
            if (integral) s.append((long) v);
            else number(s, v);
        }
        s.append("],\"views\":");
        value(s, new ArrayList<>(in.views()));
        s.append('}');
    }

    private static void value(StringBuilder s, Object v) {
        switch (v) {
            case null -> s.append("null");
            case Case.Ref r -> s.append("{\"t\":").append(r.index()).append('}');
            case String str -> string(s, str);
            case Boolean b -> s.append(b);
            case Double d -> number(s, d);
            case Float f -> number(s, f);
            case Number n -> s.append(n.longValue());
            case List<?> list -> {
                s.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) s.append(',');
                    value(s, list.get(i));
                }
                s.append(']');
            }
            case Map<?, ?> map -> {
                s.append('{');
                boolean first = true;
                for (var e : map.entrySet()) {
                    if (!first) s.append(',');
                    first = false;
                    string(s, (String) e.getKey());
                    s.append(':');
                    value(s, e.getValue());
                }
                s.append('}');
            }
            default ->
                throw new IllegalArgumentException(
                        "cannot write " + v.getClass().getSimpleName() + " " + v);
        }
    }

    private static void number(StringBuilder s, double v) {
        if (Double.isNaN(v)) s.append("\"nan\"");
        else if (Double.isInfinite(v)) s.append(v > 0 ? "\"inf\"" : "\"-inf\"");
        else s.append(Double.toString(v)); // always with a point or an exponent: a Python float
    }

    private static void string(StringBuilder s, String v) {
        s.append('"');
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == '"' || ch == '\\') s.append('\\').append(ch);
            else if (ch < 0x20) s.append(String.format("\\u%04x", (int) ch));
            else s.append(ch);
        }
        s.append('"');
    }

    // ---- reading cases (for --replay) and outcomes -------------------------------------------------

    static Case readCase(String line) {
        JsonNode n = MAPPER.readTree(line);
        List<CaseInput> inputs = new ArrayList<>();
        for (int i = 0; i < n.get("inputs").size(); i++) {
            JsonNode in = n.get("inputs").get(i);
            DType dtype = DType.parse(in.get("dtype").asString());
            List<List<Object>> views = new ArrayList<>();
            JsonNode vs = in.get("views");
            for (int k = 0; vs != null && k < vs.size(); k++) {
                @SuppressWarnings("unchecked")
                List<Object> view = (List<Object>) plain(vs.get(k));
                views.add(view);
            }
            inputs.add(new CaseInput(
                    dtype,
                    Args.ints(plain(in.get("shape"))),
                    numbers(in.get("data")),
                    in.get("grad").asBoolean(),
                    views));
        }
        @SuppressWarnings("unchecked")
        List<Object> args = (List<Object>) plain(n.get("args"));
        return new Case(
                n.path("seed").asLong(0),
                n.get("id").asInt(),
                n.path("family").asString("replay"),
                n.get("op").asString(),
                inputs,
                refs(args),
                n.path("order").asInt(1));
    }

    /** Turns {"t": i} maps back into refs. */
    @SuppressWarnings("unchecked")
    private static List<Object> refs(List<Object> args) {
        List<Object> out = new ArrayList<>();
        for (Object a : args) {
            if (a instanceof Map<?, ?> m && m.size() == 1 && m.get("t") instanceof Long t)
                out.add(new Case.Ref(t.intValue()));
            else if (a instanceof List<?> l) out.add(refs((List<Object>) l));
            else out.add(a);
        }
        return out;
    }

    private static Object plain(JsonNode n) {
        if (n == null || n.isNull()) return null;
        if (n.isBoolean()) return n.asBoolean();
        if (n.isIntegralNumber()) return n.asLong();
        if (n.isNumber()) return n.asDouble();
        if (n.isString()) return n.asString();
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) out.add(plain(n.get(i)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : n.properties()) out.put(e.getKey(), plain(e.getValue()));
        return out;
    }

    /** The answer of the Python side; an {@code oracle_error} (a case it could not even run) is thrown. */
    static Outcome readOutcome(String line, Case c) {
        JsonNode n = MAPPER.readTree(line);
        if (n.has("oracle_error"))
            throw new IllegalStateException("the PyTorch side could not run case " + c.id() + ": "
                    + n.get("oracle_error").asString());
        if (n.get("id").asInt() != c.id())
            throw new IllegalStateException(
                    "the PyTorch side answered case " + n.get("id").asInt() + " when case " + c.id() + " was next");
        if (n.has("error")) return Outcome.failed(n.get("error").asString());
        return new Outcome(
                values(n.get("out")),
                null,
                values(n.get("grads")),
                values(n.get("grads2")),
                n.has("grad_error") ? n.get("grad_error").asString() : null);
    }

    private static List<TensorValue> values(JsonNode array) {
        if (array == null || array.isNull()) return null;
        List<TensorValue> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode v = array.get(i);
            if (v == null || v.isNull()) out.add(null);
            else if (v.has("scalar")) out.add(TensorValue.scalar(number(v.get("scalar"))));
            else
                out.add(new TensorValue(
                        v.get("dtype").asString(), Args.ints(plain(v.get("shape"))), numbers(v.get("data"))));
        }
        return out;
    }

    private static double[] numbers(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = number(array.get(i));
        return out;
    }

    private static double number(JsonNode v) {
        if (v.isString()) {
            return switch (v.asString()) {
                case "nan" -> Double.NaN;
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> throw new IllegalArgumentException("not a number: " + v);
            };
        }
        if (v.isBoolean()) return v.asBoolean() ? 1 : 0;
        return v.asDouble();
    }
}
