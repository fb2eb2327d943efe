package dev.descent.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@code --checkpoint}, failing on one line that names the file. */
final class CheckpointArg {
    private CheckpointArg() {}

    static byte[] read(Path file) {
        if (Files.isDirectory(file))
            throw new IllegalArgumentException("--checkpoint " + file + ": is a directory, not a checkpoint file");
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--checkpoint " + file + ": " + FileArgs.why(e), e);
        }
    }
}
