package dev.descent.backend.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.backend.Backend;
import dev.descent.backend.BackendConformanceTest;
import org.junit.jupiter.api.BeforeAll;

/** The conformance suite on the cuda backend; skipped, with the reason, on a machine without a usable GPU. */
class CudaBackendConformanceTest extends BackendConformanceTest {
    private static final CudaBackend CUDA = new CudaBackend();

    @BeforeAll
    static void needsAGpu() {
        // Surefire counts a class skipped in @BeforeAll as 0 tests and drops the reason: say it once here.
        if (!CUDA.isAvailable()) System.err.println("cuda conformance skipped: " + CUDA.unavailableReason());
        assumeTrue(CUDA.isAvailable(), () -> "cuda conformance skipped: " + CUDA.unavailableReason());
    }

    @Override
    protected Backend backend() {
        return CUDA;
    }
}
