package dev.descent.backend.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The hand-written bindings against the C prototypes in the CUDA headers, where the headers are installed: each
 * binding's return and parameter layouts must be what the C types are on x86-64 Linux, and a renamed function must be
 * bound to the symbol its header's macro names.
 */
class CudaBindingsTest {

    static Optional<Path> header(String name) {
        List<Path> roots = new ArrayList<>();
        roots.add(Path.of("/usr/local/cuda/include"));
        try (Stream<Path> s = Files.list(Path.of("/usr/local"))) {
            s.filter(p -> p.getFileName().toString().startsWith("cuda"))
                    .sorted(Comparator.reverseOrder())
                    .forEach(p -> roots.add(p.resolve("include")));
        } catch (IOException e) {
            // no /usr/local
        }
        roots.add(Path.of("/usr/include"));
        return roots.stream()
                .map(r -> r.resolve(name))
                .filter(Files::isRegularFile)
                .findFirst();
    }

    @Test
    void driverBindingsMatchCudaH() throws IOException {
        Optional<Path> h = header("cuda.h");
        assumeTrue(h.isPresent(), "cuda.h is not installed: the driver bindings are not checked against it");
        check(Files.readString(h.get()), CudaDriver.ALL, "CUresult CUDAAPI ");
    }

    @Test
    void cublasBindingsMatchCublasApiH() throws IOException {
        Optional<Path> h = header("cublas_api.h");
        assumeTrue(h.isPresent(), "cublas_api.h is not installed: the cuBLAS bindings are not checked against it");
        check(Files.readString(h.get()), Cublas.ALL, "CUBLASAPI ");
    }

    @Test
    void nvrtcBindingsMatchNvrtcH() throws IOException {
        Optional<Path> h = header("nvrtc.h");
        assumeTrue(h.isPresent(), "nvrtc.h is not installed: the NVRTC bindings are not checked against it");
        check(Files.readString(h.get()), Nvrtc.ALL, "");
    }

    @Test
    void theTypeMappingReadsCDeclarations() {
        assertThat(layout("CUdeviceptr *dptr")).isEqualTo(ValueLayout.ADDRESS);
        assertThat(layout("size_t bytesize")).isEqualTo(ValueLayout.JAVA_LONG);
        assertThat(layout("unsigned int gridDimX")).isEqualTo(ValueLayout.JAVA_INT);
        assertThat(layout("CUstream hStream")).isEqualTo(ValueLayout.ADDRESS);
        assertThat(layout("unsigned char uc")).isEqualTo(ValueLayout.JAVA_BYTE);
        assertThat(layout("const char * const *options")).isEqualTo(ValueLayout.ADDRESS);
        assertThat(layout("long long int strideA")).isEqualTo(ValueLayout.JAVA_LONG);
        assertThat(layout("cublasOperation_t transa")).isEqualTo(ValueLayout.JAVA_INT);
    }

    private static void check(String header, List<Binding> bindings, String prefix) {
        List<String> problems = new ArrayList<>();
        for (Binding b : bindings) {
            Matcher m = Pattern.compile("(?m)^\\s*(?:extern\\s+)?" + Pattern.quote(prefix)
                            + "?([\\w ]+?\\*?)\\s*(?:CUBLASWINAPI\\s+)?\\b" + Pattern.quote(b.header())
                            + "\\s*\\(([^)]*)\\)")
                    .matcher(header);
            if (!m.find()) {
                problems.add(b.header() + ": no prototype in the header");
                continue;
            }
            List<MemoryLayout> expected = new ArrayList<>();
            String params = m.group(2).replaceAll("/\\*.*?\\*/", "").trim();
            if (!params.equals("void") && !params.isEmpty()) {
                for (String p : params.split(",", -1)) expected.add(layout(p.trim()));
            }
            List<MemoryLayout> actual = b.descriptor().argumentLayouts();
            if (!sameLayouts(actual, expected)) {
                problems.add(b.header() + ": bound as " + actual + ", the header says (" + params + ")");
            }
            MemoryLayout ret = layout(m.group(1).trim() + " r");
            if (b.descriptor().returnLayout().map(l -> !same(l, ret)).orElse(true)) {
                problems.add(
                        b.header() + ": returns " + b.descriptor().returnLayout() + ", the header says " + m.group(1));
            }
            if (!b.symbol().equals(b.header())) {
                String macro = "#define\\s+" + Pattern.quote(b.header()) + "\\s+(?:__CUDA_API_PTSZ\\()?"
                        + Pattern.quote(b.symbol()) + "\\b";
                if (!Pattern.compile(macro).matcher(header).find())
                    problems.add(b.header() + ": bound to " + b.symbol() + ", which no #define in the header names");
            }
        }
        assertThat(problems).isEmpty();
    }

    private static boolean sameLayouts(List<MemoryLayout> a, List<MemoryLayout> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (!same(a.get(i), b.get(i))) return false;
        return true;
    }

    private static boolean same(MemoryLayout a, MemoryLayout b) {
        return a.withoutName().equals(b.withoutName());
    }

    /** The FFM layout of one C parameter declaration on x86-64 Linux (LP64). */
    static MemoryLayout layout(String decl) {
        String d = decl.replaceAll("\\s+", " ").trim();
        if (d.contains("*") || d.contains("[")) return ValueLayout.ADDRESS;
        String type = d.contains(" ") ? d.substring(0, d.lastIndexOf(' ')) : d;
        type = type.replace("const ", "").trim();
        return switch (type) {
            case "size_t", "CUdeviceptr", "long long", "long long int", "unsigned long long", "int64_t" ->
                ValueLayout.JAVA_LONG;
            case "unsigned char", "char" -> ValueLayout.JAVA_BYTE;
            case "float" -> ValueLayout.JAVA_FLOAT;
            case "double" -> ValueLayout.JAVA_DOUBLE;
            // handles: pointers to opaque structs
            case "CUcontext", "CUstream", "CUmodule", "CUfunction", "CUevent", "cublasHandle_t", "nvrtcProgram" ->
                ValueLayout.ADDRESS;
            // int, unsigned int, and the enums (CUresult, CUdevice, cublasStatus_t, nvrtcResult...)
            default -> ValueLayout.JAVA_INT;
        };
    }
}
