package dev.descent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on the command line's file arguments, so that a bad path fails at once on one line that names it. */
final class FileArgs {
    private FileArgs() {}

    /**
     * Fails if {@code path} cannot be written: in its directory (created if missing), where an atomic write puts a
     * temporary file first. The probe file is removed again.
     */
    static void checkWritable(String option, Path path) {
        Path target = path.toAbsolutePath();
        if (Files.isDirectory(target)) throw new IllegalArgumentException(option + " " + path + ": is a directory");
        if (Files.exists(target) && !Files.isWritable(target))
            throw new IllegalArgumentException(option + " " + path + ": is not writable");
        try {
            Path dir = target.getParent();
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".descent-probe", ".tmp"));
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + path + ": cannot write there (" + why(e) + ")", e);
        }
    }

    /** An I/O failure in words; the JDK's file exceptions carry only the path as their message. */
    static String why(IOException e) {
        return switch (e) {
            case java.nio.file.AccessDeniedException d -> "permission denied on " + d.getFile();
            case java.nio.file.FileAlreadyExistsException f -> f.getFile() + " is not a directory";
            case java.nio.file.NoSuchFileException n -> n.getFile() + " does not exist";
            case java.nio.file.FileSystemException f when f.getReason() != null -> f.getFile() + ": " + f.getReason();
            default -> e.getMessage();
        };
    }
}
