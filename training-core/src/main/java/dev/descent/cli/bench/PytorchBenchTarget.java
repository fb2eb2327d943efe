package dev.descent.cli.bench;

import dev.descent.data.Dataset;
import dev.descent.data.TensorDataset;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * PyTorch as a reference engine for {@code descent bench --engines ...,pytorch}: a Python child process running the
 * script shipped as {@code pytorch_bench.py} next to this class, which answers the bench's requests one JSON line at a
 * time, so PyTorch takes its turns with the other engines. The interpreter is {@code /usr/bin/python3} (Debian's
 * python3-torch), or {@code -Ddescent.bench.python} / DESCENT_BENCH_PYTHON. OpenBLAS is told the CPU's best kernel
 * ({@code OPENBLAS_CORETYPE}, e.g. SkylakeX on AVX-512) in the child's environment only.
 */
public final class PytorchBenchTarget implements BenchTarget, ExternalEngine {
    private static final ObjectMapper JSON = new ObjectMapper();

    private int threads = 1;
    private String unavailable;
    private boolean probed;
    private Process process;
    private BufferedWriter toChild;
    private BufferedReader fromChild;
    private String version = "?";
    private Path workDir;
    private int nextId;

    @Override
    public String name() {
        return "pytorch";
    }

    @Override
    public boolean optional() {
        return true;
    }

    /** Starts the interpreter once; null when {@code import torch} worked, else why not. */
    @Override
    public synchronized String unavailableReason() {
        if (!probed) {
            probed = true;
            try {
                start();
            } catch (IOException | RuntimeException e) {
                unavailable = "pytorch: skipped, " + e.getMessage();
                stop();
            }
        }
        return unavailable;
    }

    /** PyTorch's intra-op threads; takes effect at once through {@code torch.set_num_threads}. */
    @Override
    public synchronized void useThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        if (process != null) {
            stop();
            probed = false;
        }
    }

    @Override
    public String describe() {
        String coretype = openblasCoretype();
        return "PyTorch " + version + " (" + python() + ", " + threads + " threads"
                + (coretype == null ? "" : ", OPENBLAS_CORETYPE=" + coretype) + ")";
    }

    @Override
    public Product matmul(float[] a, float[] b, int m, int k, int n) {
        throw new UnsupportedOperationException("pytorch times its products in its own process: use gemm()");
    }

    @Override
    public EngineCase.Sample gemm(float[] a, float[] b, int m, int k, int n, double minSeconds) {
        ObjectNode req = request("gemm");
        req.put("m", m).put("k", k).put("n", n).put("min_seconds", minSeconds);
        req.put("a", writeFloats(a, "a").toString())
                .put("b", writeFloats(b, "b").toString());
        return prepared(req);
    }

    @Override
    public EngineCase.Sample training(TrainingWorkload w, Dataset data) {
        if (!(data instanceof TensorDataset t))
            throw new IllegalArgumentException("pytorch needs the bench's data in memory");
        ObjectNode req = request("train");
        req.put("model", w.model())
                .put("optimizer", w.optimizer().type())
                .put("lr", w.optimizer().lr());
        req.put("batch", w.batchSize()).put("steps", w.stepsPerRun()).put("count", t.size());
        req.put("data", writeData(t).toString());
        return prepared(req);
    }

    /** Prepares the case in the child; each sample then asks it for one figure. */
    private EngineCase.Sample prepared(ObjectNode req) {
        ask(req);
        int id = req.get("id").asInt();
        return () -> ask(JSON.createObjectNode().put("op", "measure").put("id", id))
                .get("value")
                .asDouble();
    }

    @Override
    public synchronized long peakRssBytes() {
        if (process == null) return -1;
        return ask(JSON.createObjectNode().put("op", "rss"))
                .get("peak_rss_bytes")
                .asLong();
    }

    private ObjectNode request(String op) {
        if (unavailableReason() != null) throw new IllegalStateException(unavailable);
        return JSON.createObjectNode().put("op", op).put("id", nextId++);
    }

    private synchronized JsonNode ask(ObjectNode req) {
        try {
            toChild.write(JSON.writeValueAsString(req));
            toChild.newLine();
            toChild.flush();
            String line = fromChild.readLine();
            if (line == null) throw new IllegalStateException("pytorch: the Python process ended unexpectedly");
            JsonNode answer = JSON.readTree(line);
            if (answer.has("error"))
                throw new IllegalStateException(
                        "pytorch: " + answer.get("error").asString());
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException("pytorch: talking to the Python process failed", e);
        }
    }

    private void start() throws IOException {
        workDir = Files.createTempDirectory("descent-bench-pytorch");
        workDir.toFile().deleteOnExit();
        Path script = workDir.resolve("pytorch_bench.py");
        try (InputStream in = PytorchBenchTarget.class.getResourceAsStream("pytorch_bench.py")) {
            if (in == null) throw new IOException("pytorch_bench.py is missing from the class path");
            Files.copy(in, script);
        }
        script.toFile().deleteOnExit();
        ProcessBuilder pb = new ProcessBuilder(python(), script.toString(), Integer.toString(threads));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        String coretype = openblasCoretype();
        if (coretype != null) pb.environment().put("OPENBLAS_CORETYPE", coretype);
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IOException(python() + " could not be started (" + e.getMessage() + ")", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "descent-bench-pytorch-stop"));
        toChild = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        fromChild = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String hello = fromChild.readLine();
        if (hello == null) throw new IOException(python() + " ended before saying hello");
        JsonNode h = JSON.readTree(hello);
        if (h.has("error")) throw new IOException(h.get("error").asString());
        version = h.get("torch").asString();
    }

    private synchronized void stop() {
        Process p = process;
        process = null;
        if (p == null) return;
        try {
            toChild.write("{\"op\": \"quit\"}");
            toChild.newLine();
            toChild.flush();
        } catch (IOException ignored) {
            // it is gone already
        }
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) p.destroyForcibly();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String python() {
        String p = System.getProperty("descent.bench.python", System.getenv("DESCENT_BENCH_PYTHON"));
        return p == null || p.isBlank() ? "/usr/bin/python3" : p;
    }

    /**
     * OpenBLAS's best kernel for this CPU, from its flags in /proc/cpuinfo (a lesser one inherited from the environment
     * would understate PyTorch); where the flags say nothing known, the environment's setting, if any.
     */
    static String openblasCoretype() {
        String detected = detectedCoretype();
        return detected != null ? detected : System.getenv("OPENBLAS_CORETYPE");
    }

    private static String detectedCoretype() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                if (!line.startsWith("flags")) continue;
                String flags = " " + line.toLowerCase(Locale.ROOT).replace('\t', ' ') + " ";
                if (flags.contains(" avx512f ")) return "SkylakeX";
                if (flags.contains(" avx2 ")) return "Haswell";
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private Path writeFloats(float[] v, String prefix) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(v);
        return write(prefix, buf.array());
    }

    /** Images as float32 then labels as int32, little-endian, for pytorch_bench.py's load_data. */
    private Path writeData(TensorDataset t) {
        float[] x = t.features().toFloatArray();
        long[] y = t.targets().toLongArray();
        if (x.length != y.length * 784)
            throw new IllegalArgumentException(
                    "pytorch: expected 784 features per example, got " + x.length / y.length);
        ByteBuffer buf = ByteBuffer.allocate(x.length * 4 + y.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : x) buf.putFloat(f);
        for (long l : y) buf.putInt(Math.toIntExact(l));
        return write("data", buf.array());
    }

    private Path write(String prefix, byte[] bytes) {
        try {
            Path p = Files.createTempFile(workDir, prefix, ".bin");
            p.toFile().deleteOnExit();
            Files.write(p, bytes);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("pytorch: writing the bench's data failed", e);
        }
    }
}
