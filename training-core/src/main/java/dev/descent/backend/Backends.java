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
            return all().stream()
                    .filter(Backend::isAvailable)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no compute backend is available; found " + names()));
        }
        for (Backend b : all()) {
            if (b.name().equals(d)) {
                if (!b.isAvailable())
                    throw new IllegalArgumentException("device '" + d + "' is not available on this machine");
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

    private static List<String> names() {
        return all().stream().map(Backend::name).toList();
    }
}
