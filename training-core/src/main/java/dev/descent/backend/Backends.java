package dev.descent.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/** Finds backends with {@link ServiceLoader} and picks the default one. */
public final class Backends {
    private static volatile List<Backend> all;
    private static volatile Backend defaultBackend;
    private static final InheritableThreadLocal<Backend> SCOPED = new InheritableThreadLocal<>();
    private static final java.util.Set<String> NOTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Backends() {}

    /** Every backend on the class path, available or not, best first. */
    public static List<Backend> all() {
        List<Backend> found = all;
        if (found == null) {
            synchronized (Backends.class) {
                if (all == null) {
                    List<Backend> list = new ArrayList<>();
                    ServiceLoader.load(Backend.class, Backends.class.getClassLoader())
                            .forEach(list::add);
                    list.sort(Comparator.comparingInt(Backend::priority).reversed());
                    all = List.copyOf(list);
                }
                found = all;
            }
        }
        return found;
    }

    /**
     * The backend for a device string: "cpu", "cuda" or "auto" (the best available one). Fails with the list of what
     * exists when the device is unknown or cannot run here.
     */
    public static Backend forDevice(String device) {
        String d = device == null ? "auto" : device.toLowerCase(Locale.ROOT);
        if (d.equals("auto")) {
            for (Backend b : all()) {
                if (b.isAvailable()) return b;
                noteUnavailable(b);
            }
            throw new IllegalStateException("no compute backend is available; found " + names());
        }
        for (Backend b : all()) {
            if (b.name().equals(d)) {
                if (!b.isAvailable()) {
                    String why = b.unavailableReason();
                    throw new IllegalArgumentException(
                            "device '" + d + "' is not available on this machine" + (why.isEmpty() ? "" : ": " + why));
                }
                return b;
            }
        }
        throw new IllegalArgumentException("unknown device '" + device + "'; expected auto or one of " + names());
    }

    /**
     * The backend new tensors are created on unless one is named: the best available, overridable with
     * -Ddescent.device. While a tracer's {@link KernelHook} is installed on this thread, its recording wrapper.
     */
    public static Backend getDefault() {
        Backend scoped = SCOPED.get();
        if (scoped != null) return KernelHook.route(scoped);
        Backend b = defaultBackend;
        if (b == null) {
            synchronized (Backends.class) {
                if (defaultBackend == null) defaultBackend = forDevice(System.getProperty("descent.device", "cpu"));
                b = defaultBackend;
            }
        }
        return KernelHook.route(b);
    }

    public static void setDefault(Backend backend) {
        defaultBackend = backend;
    }

    /**
     * Makes {@code backend} the default for this thread and the threads it starts until the scope closes, so that a
     * training run on "cuda" and one on "cpu" can share a process (a worker with two slots).
     */
    public static Scope use(Backend backend) {
        Backend previous = SCOPED.get();
        SCOPED.set(backend);
        return () -> SCOPED.set(previous);
    }

    /** A {@link #use} that ends; closing it cannot fail. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Says once per backend, on stderr, why "auto" passed it over (no GPU: "cuda ... ; using the next one"). */
    private static void noteUnavailable(Backend b) {
        // At debug level: a machine without a GPU is normal, and `auto` must not print a line on every command there;
        // asking for the device by name (`--device cuda`) fails with the same reason instead.
        if (NOTED.add(b.name())) {
            System.getLogger(Backends.class.getName())
                    .log(System.Logger.Level.DEBUG, "device auto: " + b.name() + " skipped, " + b.unavailableReason());
        }
    }

    private static List<String> names() {
        return all().stream().map(Backend::name).toList();
    }

    /**
     * The compute threads a host (CPU) backend uses: {@code -Ddescent.threads} or the environment's
     * DESCENT_NUM_THREADS, else all cores. Read once by the CPU backend when its pool starts.
     */
    public static int hostThreads() {
        String prop = System.getProperty("descent.threads", System.getenv("DESCENT_NUM_THREADS"));
        if (prop != null && !prop.isBlank()) {
            try {
                int n = Integer.parseInt(prop.trim());
                if (n >= 1) return n;
            } catch (NumberFormatException ignored) {
                // fall through to the core count
            }
            System.err.println("descent: ignoring invalid thread count '" + prop + "'");
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
