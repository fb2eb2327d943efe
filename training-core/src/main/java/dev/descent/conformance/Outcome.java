package dev.descent.conformance;

import java.util.List;

/**
 * What one side made of a case: the op's outputs or the error it raised, then the gradients of the inputs that require
 * them (null entries where an input got none), or the error backward raised. {@code grads2} holds the second
 * derivatives of order-2 cases.
 */
public record Outcome(
        List<TensorValue> out, String error, List<TensorValue> grads, List<TensorValue> grads2, String gradError) {

    public static Outcome failed(String error) {
        return new Outcome(null, error, null, null, null);
    }

    public boolean raised() {
        return error != null;
    }
}
