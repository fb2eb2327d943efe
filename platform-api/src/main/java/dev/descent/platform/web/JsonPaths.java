package dev.descent.platform.web;

import java.util.List;
import tools.jackson.core.JacksonException;

/** A Jackson error location as the field path the API's problems use: {@code optimizer.lr}, {@code layers[2].out}. */
final class JsonPaths {
    private JsonPaths() {}

    static String of(List<JacksonException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : path) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "$" : sb.toString();
    }
}
