package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The state of an optimizer or lr schedule in a flat form a checkpoint can write as it is: tensors by key
 * ({@code state.3.exp_avg}) and numbers by key ({@code state.3.step}, {@code groups.0.lr}). Counters are stored as
 * doubles, exact up to 2^53. The maps keep insertion order, so saving is deterministic.
 */
public record StateDict(Map<String, Tensor> tensors, Map<String, Double> scalars) {

    public StateDict {
        tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        scalars = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
    }

    public static StateDict ofScalars(Map<String, Double> scalars) {
        return new StateDict(Map.of(), scalars);
    }

    /**
     * The scalars as text, for a format that stores strings beside tensors (safetensors' metadata).
     * {@link Double#toString} round-trips every value exactly, NaN and infinities included.
     */
    public Map<String, String> scalarsAsText() {
        Map<String, String> out = new LinkedHashMap<>();
        scalars.forEach((k, v) -> out.put(k, Double.toString(v)));
        return out;
    }

    /** The inverse of {@link #scalarsAsText()}; a value that is not a number is an error naming its key. */
    public static StateDict fromText(Map<String, Tensor> tensors, Map<String, String> scalars) {
        Map<String, Double> parsed = new LinkedHashMap<>();
        scalars.forEach((k, v) -> {
            try {
                parsed.put(k, Double.parseDouble(v));
            } catch (NumberFormatException | NullPointerException e) {
                throw new IllegalArgumentException("state dict entry '" + k + "' should be a number, got '" + v + "'");
            }
        });
        return new StateDict(tensors, parsed);
    }

    /** The number under {@code key}, or an error naming the key when it is missing. */
    public double scalar(String key) {
        Double v = scalars.get(key);
        if (v == null)
            throw new IllegalArgumentException(
                    "state dict has no '" + key + "' (saved by a different optimizer or schedule?)");
        return v;
    }

    public double scalar(String key, double fallback) {
        return scalars.getOrDefault(key, fallback);
    }

    /** The tensor under {@code key}, or an error naming the key when it is missing. */
    public Tensor tensor(String key) {
        Tensor t = tensors.get(key);
        if (t == null)
            throw new IllegalArgumentException(
                    "state dict has no tensor '" + key + "' (saved by a different optimizer?)");
        return t;
    }

    /** The same state with {@code prefix} in front of every key, to keep several states in one checkpoint. */
    public StateDict prefixed(String prefix) {
        return rekey(k -> prefix + k, k -> true);
    }

    /** The entries whose keys start with {@code prefix}, with the prefix removed. */
    public StateDict under(String prefix) {
        return rekey(k -> k.substring(prefix.length()), k -> k.startsWith(prefix));
    }

    private StateDict rekey(Function<String, String> rename, java.util.function.Predicate<String> keep) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (keep.test(k)) t.put(rename.apply(k), v);
        });
        Map<String, Double> s = new LinkedHashMap<>();
        scalars.forEach((k, v) -> {
            if (keep.test(k)) s.put(rename.apply(k), v);
        });
        return new StateDict(t, s);
    }
}
