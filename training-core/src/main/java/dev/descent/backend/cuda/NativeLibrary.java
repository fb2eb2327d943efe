package dev.descent.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A shared library found where CUDA installs put it: {@code LD_LIBRARY_PATH}, {@code /usr/local/cuda/lib64}, every
 * {@code /usr/local/cuda*}{@code /targets/x86_64-linux/lib}, and the system's library folders; any major version from
 * 12 up, the newest first.
 */
@SuppressWarnings("restricted") // loading a native library is the point; the JVM runs with --enable-native-access
final class NativeLibrary {
    static final int MIN_MAJOR = 12;

    final String name;
    final Path path;
    private final SymbolLookup lookup;

    private NativeLibrary(String name, Path path, SymbolLookup lookup) {
        this.name = name;
        this.path = path;
        this.lookup = lookup;
    }

    /**
     * Loads {@code lib<stem>.so.<major>} for the newest major version found, or {@code lib<stem>.so.<fixedMajor>} when
     * {@code fixedMajor} is given (the driver's libcuda.so.1). Throws {@link UnsatisfiedLinkError} naming where it
     * looked.
     */
    static NativeLibrary load(String stem, int fixedMajor) {
        List<Path> dirs = searchPath();
        List<Path> candidates = candidates(stem, fixedMajor, dirs);
        List<String> failures = new ArrayList<>();
        for (Path p : candidates) {
            try {
                return new NativeLibrary(stem, p, SymbolLookup.libraryLookup(p, Arena.global()));
            } catch (IllegalArgumentException e) {
                failures.add(p + ": " + e.getMessage());
            }
        }
        // Last, the dynamic loader's own search (ldconfig cache), by soname.
        if (fixedMajor > 0) {
            String soname = "lib" + stem + ".so." + fixedMajor;
            try {
                return new NativeLibrary(stem, Path.of(soname), SymbolLookup.libraryLookup(soname, Arena.global()));
            } catch (IllegalArgumentException e) {
                failures.add(soname + ": " + e.getMessage());
            }
        }
        throw new UnsatisfiedLinkError(
                "lib" + stem + ".so" + (fixedMajor > 0 ? "." + fixedMajor : " (version >= " + MIN_MAJOR + ")")
                        + " not found in " + dirs + (failures.isEmpty() ? "" : "; " + failures));
    }

    static List<Path> searchPath() {
        Set<Path> dirs = new LinkedHashSet<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            Pattern.compile(":").splitAsStream(ld).filter(d -> !d.isBlank()).forEach(d -> dirs.add(Path.of(d)));
        }
        dirs.add(Path.of("/usr/local/cuda/lib64"));
        dirs.add(Path.of("/usr/local/cuda/targets/x86_64-linux/lib"));
        try (Stream<Path> s = Files.list(Path.of("/usr/local"))) {
            s.filter(p -> p.getFileName().toString().startsWith("cuda"))
                    .sorted(Comparator.reverseOrder())
                    .forEach(p -> dirs.add(p.resolve("targets/x86_64-linux/lib")));
        } catch (java.io.IOException | SecurityException e) {
            // no /usr/local: nothing to add
        }
        dirs.add(Path.of("/usr/lib/x86_64-linux-gnu"));
        dirs.add(Path.of("/usr/lib64"));
        dirs.add(Path.of("/usr/lib/wsl/lib"));
        return List.copyOf(dirs);
    }

    /** The files named lib<stem>.so.<major>[.minor...] in dirs, the acceptable versions only, newest major first. */
    static List<Path> candidates(String stem, int fixedMajor, List<Path> dirs) {
        Pattern p = Pattern.compile("lib" + Pattern.quote(stem) + "\\.so\\.(\\d+)");
        record Found(Path path, int major) {}
        List<Found> found = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.list(dir)) {
                s.forEach(f -> {
                    Matcher m = p.matcher(f.getFileName().toString());
                    if (!m.matches()) return;
                    int major = Integer.parseInt(m.group(1));
                    if (fixedMajor > 0 ? major == fixedMajor : major >= MIN_MAJOR) found.add(new Found(f, major));
                });
            } catch (java.io.IOException e) {
                // unreadable folder: skip it
            }
        }
        found.sort(Comparator.comparingInt(Found::major).reversed());
        return found.stream().map(Found::path).toList();
    }

    /** A downcall handle for {@code symbol}, or empty when the library lacks it. */
    Optional<MethodHandle> find(String symbol, FunctionDescriptor fd) {
        return lookup.find(symbol).map(addr -> Linker.nativeLinker().downcallHandle(addr, fd));
    }

    MethodHandle bind(Binding b) {
        return find(b.symbol(), b.descriptor())
                .orElseThrow(() -> new UnsatisfiedLinkError(path + " has no symbol " + b.symbol()));
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
