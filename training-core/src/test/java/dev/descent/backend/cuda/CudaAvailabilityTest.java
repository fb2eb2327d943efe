package dev.descent.backend.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.descent.backend.Backend;
import dev.descent.backend.Backends;
import dev.descent.backend.Device;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the libraries, and what happens without them. */
class CudaAvailabilityTest {

    @Test
    void theCudaBackendIsFoundWithServiceLoader() {
        assertThat(Backends.all()).extracting(Backend::name).contains("cuda", "cpu");
        assertThat(Backends.all().getFirst().name())
                .as("cuda is preferred when it can run")
                .isEqualTo("cuda");
    }

    @Test
    void withoutAGpuAutoPicksCpuAndAskingForCudaSaysWhatIsMissing() {
        Backend cuda = Backends.all().stream()
                .filter(b -> b.name().equals("cuda"))
                .findFirst()
                .orElseThrow();
        assumeFalse(cuda.isAvailable(), "a GPU is here: the fallback is not exercised");
        assertThat(cuda.unavailableReason()).startsWith("no usable GPU: ");
        assertThat(Backends.forDevice("auto").name()).isEqualTo("cpu");
        assertThatThrownBy(() -> Backends.forDevice("cuda"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("device 'cuda' is not available on this machine: no usable GPU: ");
        assertThat(cuda.describe()).startsWith("cuda (unavailable: ");
        assertThat(cuda.memoryStats()).isEmpty();
        assertThatThrownBy(() -> cuda.allocate(dev.descent.backend.DType.FLOAT32, 4))
                .hasMessageStartingWith("the cuda backend is not available: no usable GPU");
        Tensor t = Tensor.fromArray(new float[] {1, 2}, 2);
        assertThat(t.device()).isEqualTo(Device.cpu());
        assertThat(t.to(Device.cpu())).isSameAs(t);
        assertThatThrownBy(() -> t.to(Device.cuda())).hasMessageContaining("libcuda.so.1");
    }

    @Test
    @SuppressWarnings("try") // the scope is only closed
    void aScopedDefaultBackendHoldsForTheThreadAndTheThreadsItStartsUntilClosed() throws Exception {
        Backend global = Backends.getDefault();
        Backend other = new CudaBackend();
        Backend[] seen = new Backend[1];
        try (Backends.Scope ignored = Backends.use(other)) {
            assertThat(Backends.getDefault()).isSameAs(other);
            Thread child = Thread.ofPlatform().start(() -> seen[0] = Backends.getDefault());
            child.join();
        }
        assertThat(seen[0]).isSameAs(other);
        assertThat(Backends.getDefault()).isSameAs(global);
    }

    @Test
    void librariesAreChosenByMajorVersionNewestFirstAndOldOnesIgnored(@TempDir Path dir) throws IOException {
        Path a = Files.createDirectories(dir.resolve("a")), b = Files.createDirectories(dir.resolve("b"));
        for (String f : List.of("libcublas.so.11", "libcublas.so.12", "libcublas.so.12.8.4.1", "libcublas.so")) {
            Files.createFile(a.resolve(f));
        }
        Files.createFile(b.resolve("libcublas.so.13"));
        Files.createFile(b.resolve("libcublasLt.so.13"));
        assertThat(NativeLibrary.candidates("cublas", 0, List.of(a, b)))
                .containsExactly(b.resolve("libcublas.so.13"), a.resolve("libcublas.so.12"));
        Files.createFile(a.resolve("libcuda.so.1"));
        assertThat(NativeLibrary.candidates("cuda", 1, List.of(a, b))).containsExactly(a.resolve("libcuda.so.1"));
    }

    @Test
    void theSearchPathHasTheUsualCudaFolders() {
        assertThat(NativeLibrary.searchPath())
                .contains(Path.of("/usr/local/cuda/lib64"), Path.of("/usr/local/cuda/targets/x86_64-linux/lib"));
    }
}
