package dev.descent.optim;

/**
 * A hyper-parameter out of its range. {@link #option()} is its camelCase option name ({@code weightDecay}), so that
 * {@link Optimizers} and {@link Schedules} can point a config error at the field the user wrote.
 */
public final class HyperParameterException extends IllegalArgumentException {
    private final String option;

    HyperParameterException(String option, String message) {
        super(message);
        this.option = option;
    }

    public String option() {
        return option;
    }
}
