package dev.descent.conformance;

import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** A case's arguments on the Java side, with its {@link Case.Ref}s resolved to tensors. */
final class Args {
    private final Object[] values;

    Args(Object[] values) {
        this.values = values;
    }

    public int size() {
        return values.length;
    }

    public Object raw(int i) {
        return values[i];
    }

    public boolean isTensor(int i) {
        return values[i] instanceof Tensor;
    }

    /** A Python int. */
    public boolean isLong(int i) {
        return values[i] instanceof Long;
    }

    public boolean isNull(int i) {
        return values[i] == null;
    }

    public Tensor t(int i) {
        return (Tensor) values[i];
    }

    /** The tensor, or null. */
    public Tensor tOrNull(int i) {
        return (Tensor) values[i];
    }

    public long l(int i) {
        return ((Number) values[i]).longValue();
    }

    public int i(int i) {
        return Math.toIntExact(l(i));
    }

    public double d(int i) {
        return ((Number) values[i]).doubleValue();
    }

    public boolean b(int i) {
        return (Boolean) values[i];
    }

    public String s(int i) {
        return (String) values[i];
    }

    /** A list of ints, or one int as a list of one. */
    public int[] ints(int i) {
        return ints(values[i]);
    }

    public int[] intsOrNull(int i) {
        return values[i] == null ? null : ints(values[i]);
    }

    static int[] ints(Object v) {
        if (v instanceof Number n) return new int[] {Math.toIntExact(n.longValue())};
        List<?> list = (List<?>) v;
        int[] out = new int[list.size()];
        for (int k = 0; k < out.length; k++) out[k] = Math.toIntExact(((Number) list.get(k)).longValue());
        return out;
    }

    @SuppressWarnings("unchecked")
    public List<Tensor> tensors(int i) {
        return (List<Tensor>) values[i];
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(int i) {
        return (List<Object>) values[i];
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(int i) {
        return (Map<String, Object>) values[i];
    }
}
