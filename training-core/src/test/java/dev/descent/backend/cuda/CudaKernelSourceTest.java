package dev.descent.backend.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.backend.BinaryOp;
import dev.descent.backend.DType;
import dev.descent.backend.ReduceOp;
import dev.descent.backend.TernaryOp;
import dev.descent.backend.UnaryOp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel sources checked without a GPU: compiled by {@code nvcc --ptx} for sm_80 and sm_90 where nvcc is on the
 * PATH, every kernel the backend launches present in the PTX, and the op codes in step with the Java enums.
 */
class CudaKernelSourceTest {

    static Path nvcc() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":", -1)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, "nvcc");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    @ParameterizedTest(name = "sm_{0}")
    @ValueSource(ints = {80, 90})
    void everyKernelCompilesWithNvccAndIsExported(int arch, @TempDir Path dir) throws Exception {
        Path nvcc = nvcc();
        assumeTrue(nvcc != null, "nvcc is not on the PATH: the kernel sources are not compiled here");
        Path src = dir.resolve("descent_kernels.cu"), ptx = dir.resolve("kernels.ptx");
        Files.writeString(src, KernelCache.source());
        Process p = new ProcessBuilder(
                        nvcc.toString(),
                        "--ptx",
                        "-arch=sm_" + arch,
                        "-std=c++17",
                        "-o",
                        ptx.toString(),
                        src.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("nvcc finished").isTrue();
        assertThat(p.exitValue())
                .as("nvcc --ptx -arch=sm_" + arch + ":\n" + log)
                .isZero();
        assertThat(log).as("nvcc warnings").doesNotContainIgnoringCase("warning");
        String text = Files.readString(ptx);
        List<String> missing = new ArrayList<>();
        for (String kernel : launchedKernels()) {
            if (!text.contains(".entry " + kernel + "(")) missing.add(kernel);
        }
        assertThat(missing).as("kernels the backend launches but the PTX lacks").isEmpty();
    }

    /** Every name CudaBackend builds from a prefix and dtype suffixes. */
    static List<String> launchedKernels() {
        List<String> names = new ArrayList<>();
        for (DType d : DType.values()) {
            String s = CudaContext.suffix(d);
            for (String k :
                    List.of("fill_", "unary_", "binary_", "compare_", "where_", "reduce_", "argreduce_", "random_")) {
                names.add(k + s);
            }
            for (DType e : DType.values()) names.add("copy_" + s + "_" + CudaContext.suffix(e));
            if (d != DType.BOOL) {
                for (String k : List.of("gather_", "scatter_add_", "index_select_", "index_add_")) names.add(k + s);
            }
            if (d.isFloatingPoint()) {
                for (String k : List.of("ternary_", "im2col_", "col2im_", "max_pool2d_")) names.add(k + s);
            }
        }
        return names;
    }

    @Test
    void theOpCodesOfTheKernelsListTheJavaEnumsInOrder() {
        String src = KernelCache.source();
        assertThat(kernelEnum(src, "Unary", "U_")).isEqualTo(names(UnaryOp.values()));
        assertThat(kernelEnum(src, "Binary", "B_")).isEqualTo(names(BinaryOp.values()));
        assertThat(kernelEnum(src, "Ternary", "T_")).isEqualTo(names(TernaryOp.values()));
        assertThat(kernelEnum(src, "Reduce", "R_")).isEqualTo(names(ReduceOp.values()));
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    private static List<String> kernelEnum(String src, String name, String prefix) {
        Matcher m = Pattern.compile("enum " + name + " \\{([^}]*)\\}").matcher(src);
        assertThat(m.find()).as("enum " + name + " in kernels.cu").isTrue();
        return Arrays.stream(m.group(1).split(",", -1))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> s.substring(prefix.length()).toUpperCase(Locale.ROOT))
                .toList();
    }

    @Test
    void theCacheKeyChangesWithTheSourceTheArchitectureAndTheCompiler() throws IOException {
        String k = KernelCache.key("a", 90, "13.0");
        assertThat(k).endsWith("-sm90-nvrtc13.0");
        assertThat(KernelCache.key("b", 90, "13.0")).isNotEqualTo(k);
        assertThat(KernelCache.key("a", 80, "13.0")).isNotEqualTo(k);
        assertThat(KernelCache.key("a", 90, "12.8")).isNotEqualTo(k);
        assertThat(KernelCache.key("a", 90, "13.0")).isEqualTo(k);
    }
}
