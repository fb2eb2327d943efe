package dev.descent.autograd;

/**
 * Whether operations on the current thread record a graph. {@link #noGrad()} and {@link #enableGrad()} return scopes
 * that restore the previous mode when closed:
 *
 * <pre>{@code try (var scope = GradMode.noGrad()) { ... } }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {}

    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Gradient recording off until the scope closes. */
    public static Scope noGrad() {
        return new Scope(false);
    }

    /** Gradient recording on until the scope closes (e.g. to build a graph of a backward pass). */
    public static Scope enableGrad() {
        return new Scope(true);
    }

    /** A try-with-resources scope that sets the mode and restores the previous one. */
    public static final class Scope implements AutoCloseable {
        private final boolean[] cell;
        private final boolean previous;

        private Scope(boolean enabled) {
            this.cell = ENABLED.get();
            this.previous = cell[0];
            cell[0] = enabled;
        }

        @Override
        public void close() {
            cell[0] = previous;
        }
    }
}
