package dev.descent.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Locale;
import java.util.Properties;

/**
 * Loads libtorch through DJL from the jars on the class path, once, and never from the network.
 *
 * <p>DJL's PyTorch engine looks for {@code native/lib/pytorch.properties} (in {@code pytorch-native-cpu}) and
 * {@code jnilib/pytorch.properties} (in {@code pytorch-jni}); when either is missing, or {@code PYTORCH_VERSION} names
 * another version, it downloads libtorch or the JNI bridge instead. So before touching DJL we check that both are
 * bundled and turn on DJL's offline mode, which makes any download fail rather than connect. The libraries are
 * extracted to DJL's cache ({@code ~/.djl.ai/pytorch}, or {@code ENGINE_CACHE_DIR}) on first use.
 */
final class DjlRuntime {

    static final String ENGINE = "PyTorch";
    /** Intra-op threads for libtorch; Descent's own CPU backend uses every core too, so comparisons are fair. */
    static final String THREADS_PROPERTY = "descent.djl.threads";

    private static final String EXPECTED_NATIVES =
            "ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64 and ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0";
    private static volatile String unavailableReason;
    private static volatile boolean loaded;

    private DjlRuntime() {}

    /** Null when libtorch loaded; otherwise one line starting "djl engine unavailable: ". */
    static String unavailableReason() {
        load();
        return unavailableReason;
    }

    /**
     * The PyTorch engine, loading it on first use; throws {@link IllegalStateException} with the one-line reason when
     * it cannot load.
     */
    static Engine engine() {
        String reason = unavailableReason();
        if (reason != null) throw new IllegalStateException(reason);
        return Engine.getEngine(ENGINE);
    }

    static NDManager newManager() {
        return engine().newBaseManager(Device.cpu());
    }

    /** The intra-op thread count: {@code -Ddescent.djl.threads}, {@code DESCENT_DJL_THREADS}, else every core. */
    static int threads() {
        String v = System.getProperty(THREADS_PROPERTY, System.getenv("DESCENT_DJL_THREADS"));
        if (v == null || v.isBlank()) return Runtime.getRuntime().availableProcessors();
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(THREADS_PROPERTY + " must be a positive integer, got '" + v + "'");
    }

    /**
     * OpenMP's thread count is per calling thread, so the training thread sets it for itself (the thread that loaded
     * the engine may be another one).
     */
    static void useThreadsOnThisThread() {
        JniUtils.setNumThreads(threads());
    }

    private static synchronized void load() {
        if (loaded) return;
        loaded = true;
        unavailableReason = check();
    }

    private static String check() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return "djl engine unavailable: bundled libtorch natives are for linux-x86_64, this is " + os + "-" + arch;
        }
        if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        boolean overridden =
                System.getenv("PYTORCH_LIBRARY_PATH") != null || System.getProperty("PYTORCH_LIBRARY_PATH") != null;
        if (!overridden) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            String missing = checkBundled(context != null ? context : DjlRuntime.class.getClassLoader());
            if (missing != null) return missing;
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            // Inter-op parallelism can only be set before libtorch starts any parallel work.
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        try {
            int threads = threads();
            Engine engine = Engine.getEngine(ENGINE);
            JniUtils.setNumThreads(threads);
            engine.getVersion();
            return null;
        } catch (Throwable e) {
            return "djl engine unavailable: " + oneLine(e);
        }
    }

    /**
     * Why the bundled natives on {@code loader}'s class path would make DJL download instead, or null when they are
     * there.
     */
    static String checkBundled(ClassLoader loader) {
        Properties natives = properties(loader, "native/lib/pytorch.properties");
        if (natives == null || !"cpu".equals(natives.getProperty("flavor"))) {
            return "djl engine unavailable: libtorch natives not on the class path (need " + EXPECTED_NATIVES + ")";
        }
        if (properties(loader, "jnilib/pytorch.properties") == null) {
            return "djl engine unavailable: DJL's JNI bridge not on the class path (need " + EXPECTED_NATIVES + ")";
        }
        String override = System.getProperty("PYTORCH_VERSION", System.getenv("PYTORCH_VERSION"));
        String bundled = natives.getProperty("version", "");
        if (override != null && !override.isEmpty() && !bundled.startsWith(override)) {
            return "djl engine unavailable: PYTORCH_VERSION=" + override
                    + " asks for a libtorch other than the bundled " + bundled + " (unset it)";
        }
        return null;
    }

    private static Properties properties(ClassLoader loader, String resource) {
        URL url = loader.getResource(resource);
        if (url == null) return null;
        try (InputStream in = url.openStream()) {
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            return null;
        }
    }

    /** The innermost cause's message on one line: DJL wraps load failures two or three deep. */
    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null
                ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
        if (root != e && e.getMessage() != null) message = e.getMessage() + " (" + message + ")";
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
