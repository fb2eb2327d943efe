package dev.descent.conformance;

import dev.descent.tensor.Tensor;

/** Python numbers on the Java side: a {@link Long} is a Python int, a {@link Double} a Python float. */
final class Scalars {
    private Scalars() {}

    /** The number as Descent wraps it for an op: a 0-dim tensor that promotes as a Python number does. */
    static Tensor of(Object number) {
        return number instanceof Long l ? Tensor.number(l) : Tensor.number(((Number) number).doubleValue());
    }

    /** Argument {@code i} as a tensor: the tensor itself, or a wrapped number. */
    static Tensor tensor(Args a, int i) {
        return a.isTensor(i) ? a.t(i) : of(a.raw(i));
    }
}
