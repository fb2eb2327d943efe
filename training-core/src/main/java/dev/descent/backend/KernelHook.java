package dev.descent.backend;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Lets a tracer see every kernel call of one thread: while a hook is installed, {@code Tensor.backend()} hands out what
 * the hook makes of a storage's backend (a recording wrapper) instead of the backend itself. Eager code pays one
 * volatile read per kernel call when no thread traces.
 */
public final class KernelHook {
    private static final ThreadLocal<UnaryOperator<Backend>> HOOK = new ThreadLocal<>();
    private static final AtomicInteger INSTALLED = new AtomicInteger();

    private KernelHook() {}

    /** The backend a kernel call on {@code backend} should go to on this thread. */
    public static Backend route(Backend backend) {
        if (INSTALLED.get() == 0) return backend;
        UnaryOperator<Backend> hook = HOOK.get();
        return hook == null ? backend : hook.apply(backend);
    }

    /** Installs {@code hook} on this thread until the returned scope closes; hooks do not nest. */
    public static Scope install(UnaryOperator<Backend> hook) {
        if (HOOK.get() != null) throw new IllegalStateException("a kernel hook is already installed on this thread");
        HOOK.set(hook);
        INSTALLED.incrementAndGet();
        return new Scope();
    }

    /** Removes the hook when closed. */
    public static final class Scope implements AutoCloseable {
        private boolean closed;

        private Scope() {}

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            HOOK.remove();
            INSTALLED.decrementAndGet();
        }
    }
}
