package dev.descent.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.descent.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * One run of the {@code descent} command line inside the test's JVM, with its exit code and what it printed. Runs take
 * turns, since each swaps {@code System.out} and {@code System.err} for buffers while it lasts.
 */
public record CliRun(int code, String out, String err) {

    public static synchronized CliRun run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true));
            System.setErr(new PrintStream(err, true));
            int code = Main.run(args);
            return new CliRun(code, out.toString(UTF_8), err.toString(UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Standard output, line by line. */
    public List<String> lines() {
        return out.lines().toList();
    }

    /** The last line of standard output: the JSON summary {@code descent train} ends with. */
    public String last() {
        return out.strip().lines().reduce((x, y) -> y).orElse("");
    }
}
