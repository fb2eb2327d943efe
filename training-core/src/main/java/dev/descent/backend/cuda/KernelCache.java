package dev.descent.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The kernel sources shipped in the jar, compiled by NVRTC for one architecture and kept on disk, so that only the
 * first run on a machine pays for the compile. The cache key is the source's SHA-256, the architecture and the NVRTC
 * version: a changed kernel or toolkit compiles anew. The folder is {@code -Ddescent.cuda.cache}, else
 * {@code $XDG_CACHE_HOME/descent/cuda}, else {@code ~/.cache/descent/cuda}.
 */
final class KernelCache {
    /** The kernel sources, in the order they are concatenated into one program. */
    static final String[] SOURCES = {"kernels.cu"};

    private KernelCache() {}

    static String source() {
        StringBuilder sb = new StringBuilder();
        for (String name : SOURCES) {
            try (InputStream in = KernelCache.class.getResourceAsStream(name)) {
                if (in == null) throw new IllegalStateException("kernel source " + name + " is missing from the jar");
                sb.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sb.toString();
    }

    static Path folder() {
        String configured = System.getProperty("descent.cuda.cache");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("descent").resolve("cuda");
    }

    static String key(String source, int arch, String nvrtcVersion) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16) + "-sm" + arch + "-nvrtc" + nvrtcVersion;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CUBIN for {@code arch}: from the disk cache, or compiled now and stored there. */
    static byte[] cubin(Nvrtc nvrtc, int arch) {
        String source = source();
        Path file = folder().resolve(key(source, arch, nvrtc.version()) + ".cubin");
        try {
            if (Files.isRegularFile(file)) return Files.readAllBytes(file);
        } catch (IOException e) {
            // unreadable cache entry: compile again
        }
        byte[] bin = nvrtc.compileToCubin(source, "descent_kernels.cu", arch);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "kernels", ".tmp");
            Files.write(tmp, bin);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // A read-only home only costs a compile per run.
        }
        return bin;
    }
}
