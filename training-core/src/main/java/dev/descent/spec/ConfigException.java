package dev.descent.spec;

/**
 * A model spec or train config that cannot work. {@link #field()} names the offending field as a path
 * ({@code layers[3].out}, {@code optimizer.lr}), so an API can point the user at it.
 */
public class ConfigException extends IllegalArgumentException {
    private final String field;

    public ConfigException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The message without the field prefix. */
    public String reason() {
        return getMessage().substring(field.length() + 2);
    }
}
