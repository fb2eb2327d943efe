package dev.descent.backend;

import java.util.Objects;

/**
 * A scalar argument of kernel calls that the host computes anew for every step, such as Adam's bias-corrected step size
 * α √(1-β2^t) / (1-β1^t). Eager code passes {@link #get()} to a kernel like any other double; code that a tracer may
 * record passes it inside {@link #reading}, and the tracer then records the cell instead of the number. A replayed
 * graph reads what the cell holds when it runs, and two traces taken at different steps match, so the whole training
 * step, optimizer update included, can be frozen although its scalars change (the host scalar slots of a graph IR, as
 * CUDA graphs' kernel-node parameters that are updated between launches).
 *
 * <p>Kernels take plain doubles, so a tracer matches a call's scalar arguments to the cells in scope by value (the same
 * bits). A scope is meant to hold the one call that reads its cells, whose fixed arguments should differ from the
 * cells' values (Adam's step size is negative and its ε scale below ε, where the call's fixed coefficient is 1). Two
 * cells holding the same bits stand for the first of them.
 *
 * <p>The host still does all the arithmetic, in doubles, as in eager mode: a replay gets the very bits an eager step
 * would pass.
 */
public final class HostScalar {
    private static final ThreadLocal<HostScalar[]> READING = new ThreadLocal<>();

    private final String name;
    private double value;

    public HostScalar(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** What the graph IR prints for it: {@code $step_size}. */
    public String name() {
        return name;
    }

    public double get() {
        return value;
    }

    /** Sets the value the next kernel call (eager or replayed) reads, and returns it. */
    public double set(double value) {
        this.value = value;
        return value;
    }

    /** Until the scope closes, the kernel calls of this thread read these cells where they pass their values. */
    public static Scope reading(HostScalar... cells) {
        HostScalar[] previous = READING.get();
        READING.set(cells);
        return new Scope(previous);
    }

    /** The cell in scope on this thread that holds {@code value} (the same bits), or null: what a tracer records. */
    public static HostScalar holding(double value) {
        HostScalar[] cells = READING.get();
        if (cells == null) return null;
        long bits = Double.doubleToRawLongBits(value);
        for (HostScalar c : cells) {
            if (Double.doubleToRawLongBits(c.value) == bits) return c;
        }
        return null;
    }

    @Override
    public String toString() {
        return "$" + name + "=" + value;
    }

    /** Restores the cells that were in scope before. */
    public static final class Scope implements AutoCloseable {
        private final HostScalar[] previous;

        private Scope(HostScalar[] previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (previous == null) READING.remove();
            else READING.set(previous);
        }
    }
}
