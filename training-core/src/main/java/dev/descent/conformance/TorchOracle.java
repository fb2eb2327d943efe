package dev.descent.conformance;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PyTorch as the reference: one Python process running {@code torch_oracle.py} (shipped in this jar), fed every case as
 * a JSON line on stdin while its answers are read from stdout, so thousands of cases cost one interpreter start.
 */
public final class TorchOracle implements AutoCloseable {
    /** Debian's python3-torch installs PyTorch for this interpreter only. */
    public static final String DEFAULT_PYTHON = "/usr/bin/python3";

    private static final String SCRIPT = "torch_oracle.py";

    private final Process process;
    private final Path script;
    private final Path stderr;

    private TorchOracle(Process process, Path script, Path stderr) {
        this.process = process;
        this.script = script;
        this.stderr = stderr;
    }

    /** The interpreter named by DESCENT_TORCH_PYTHON, else {@link #DEFAULT_PYTHON}. */
    public static String python() {
        String env = System.getenv("DESCENT_TORCH_PYTHON");
        return env == null || env.isBlank() ? DEFAULT_PYTHON : env;
    }

    /** Null when {@code python} can import torch, else one line saying why not. */
    public static String unavailableReason(String python) {
        if (!Files.isExecutable(Path.of(python)) && python.contains("/"))
            return python + " not found (install Debian's python3-torch, or set DESCENT_TORCH_PYTHON)";
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return python + " -c 'import torch' did not finish in 120 s";
            }
            if (p.exitValue() == 0) return null;
            String last = output.lines().reduce((a, b) -> b).orElse("exit code " + p.exitValue());
            return python + " cannot import torch (" + last + "); install Debian's python3-torch";
        } catch (IOException e) {
            return "cannot run " + python + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while checking for torch";
        }
    }

    public static TorchOracle start(String python) throws IOException {
        Path script = Files.createTempFile("descent-torch-oracle-", ".py");
        try (InputStream in = TorchOracle.class.getResourceAsStream(SCRIPT)) {
            if (in == null) throw new IllegalStateException(SCRIPT + " is missing from the classpath");
            Files.write(script, in.readAllBytes());
        }
        Path stderr = Files.createTempFile("descent-torch-oracle-", ".err");
        Process p = new ProcessBuilder(python, "-u", script.toString())
                .redirectError(stderr.toFile())
                .start();
        return new TorchOracle(p, script, stderr);
    }

    /**
     * The PyTorch outcome of every case, in order. Cases are written from a second thread while answers are read, so
     * neither pipe can fill up and stall the other side.
     */
    public List<Outcome> run(List<Case> cases) {
        Thread writer = Thread.ofPlatform().daemon().name("torch-oracle-writer").start(() -> {
            try (var w = new BufferedWriter(
                    new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), 1 << 16)) {
                for (Case c : cases) {
                    w.write(Json.write(c));
                    w.write('\n');
                }
            } catch (IOException e) {
                // The reader sees the process end and reports it with its stderr.
            }
        });
        List<Outcome> out = new ArrayList<>(cases.size());
        try {
            BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8), 1 << 16);
            for (Case c : cases) {
                String line = r.readLine();
                if (line == null)
                    throw new IllegalStateException("the PyTorch side stopped before case " + c.id() + ": " + errors());
                out.add(Json.readOutcome(line, c));
            }
            writer.join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return out;
    }

    private String errors() {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            List<String> lines = Files.readAllLines(stderr);
            return lines.isEmpty()
                    ? "no message"
                    : String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "its stderr is unreadable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(script);
            Files.deleteIfExists(stderr);
        } catch (IOException ignored) {
            // temp files; the OS cleans them up
        }
    }
}
