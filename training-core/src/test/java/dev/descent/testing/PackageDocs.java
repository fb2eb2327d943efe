package dev.descent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Every package says in its {@code package-info.java} what it holds and what it may import. */
public final class PackageDocs {
    private PackageDocs() {}

    /** The directories under {@code sourceRoot} that hold Java files but no {@code package-info.java}. */
    public static List<Path> packagesWithoutPackageInfo(Path sourceRoot) {
        try (Stream<Path> dirs = Files.walk(sourceRoot)) {
            return dirs.filter(Files::isDirectory)
                    .filter(PackageDocs::holdsClasses)
                    .filter(d -> !Files.isRegularFile(d.resolve("package-info.java")))
                    .map(sourceRoot::relativize)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean holdsClasses(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
