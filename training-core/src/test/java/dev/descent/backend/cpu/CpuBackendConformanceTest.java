package dev.descent.backend.cpu;

import dev.descent.backend.Backend;
import dev.descent.backend.BackendConformanceTest;

/** The conformance suite on the CPU backend. */
class CpuBackendConformanceTest extends BackendConformanceTest {
    private static final Backend CPU = new CpuBackend();

    @Override
    protected Backend backend() {
        return CPU;
    }
}
