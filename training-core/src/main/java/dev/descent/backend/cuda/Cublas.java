package dev.descent.backend.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * Bindings to cuBLAS ({@code libcublas.so.12} or later): a handle bound to the backend's stream and the strided-batched
 * GEMMs. Column-major, as cuBLAS is: the backend passes row-major operands as their transposes.
 */
final class Cublas {
    static final int OP_N = 0;
    static final int OP_T = 1;
    static final int DEFAULT_MATH = 0;
    static final int TF32_TENSOR_OP_MATH = 3;

    static final Binding CREATE = Binding.v2("cublasCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final Binding SET_STREAM = Binding.v2("cublasSetStream", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final Binding SET_MATH_MODE =
            Binding.of("cublasSetMathMode", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final Binding GET_VERSION =
            Binding.v2("cublasGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    // (handle, transa, transb, m, n, k, alpha*, A, lda, strideA, B, ldb, strideB, beta*, C, ldc, strideC, batch)
    private static final FunctionDescriptor GEMM_BATCHED = FunctionDescriptor.of(
            JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT,
            JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
    static final Binding SGEMM_STRIDED_BATCHED = Binding.of("cublasSgemmStridedBatched", GEMM_BATCHED);
    static final Binding DGEMM_STRIDED_BATCHED = Binding.of("cublasDgemmStridedBatched", GEMM_BATCHED);

    static final List<Binding> ALL =
            List.of(CREATE, SET_STREAM, SET_MATH_MODE, GET_VERSION, SGEMM_STRIDED_BATCHED, DGEMM_STRIDED_BATCHED);

    final NativeLibrary lib;
    private final MethodHandle create, setStream, setMathMode, getVersion, sgemm, dgemm;

    Cublas(NativeLibrary lib) {
        this.lib = lib;
        create = lib.bind(CREATE);
        setStream = lib.bind(SET_STREAM);
        setMathMode = lib.bind(SET_MATH_MODE);
        getVersion = lib.bind(GET_VERSION);
        sgemm = lib.bind(SGEMM_STRIDED_BATCHED);
        dgemm = lib.bind(DGEMM_STRIDED_BATCHED);
    }

    static void check(int status, String what) {
        if (status != 0) throw new CudaException(what + " failed: cublasStatus_t " + status, status);
    }

    MemorySegment create() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            check((int) create.invokeExact(p), "cublasCreate");
            return p.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw CudaDriver.rethrow(t);
        }
    }

    int version(MemorySegment handle) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(JAVA_INT);
            check((int) getVersion.invokeExact(handle, p), "cublasGetVersion");
            return p.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw CudaDriver.rethrow(t);
        }
    }

    void setStream(MemorySegment handle, MemorySegment stream) {
        try {
            check((int) setStream.invokeExact(handle, stream), "cublasSetStream");
        } catch (Throwable t) {
            throw CudaDriver.rethrow(t);
        }
    }

    void setMathMode(MemorySegment handle, int mode) {
        try {
            check((int) setMathMode.invokeExact(handle, mode), "cublasSetMathMode");
        } catch (Throwable t) {
            throw CudaDriver.rethrow(t);
        }
    }

    /**
     * C = alpha op(A) op(B) + beta C per batch item, column-major; {@code alpha} and {@code beta} point to host scalars
     * of the GEMM's type.
     */
    @SuppressWarnings("TooManyParameters") // cuBLAS's own signature
    void gemmStridedBatched(
            boolean dbl,
            MemorySegment handle,
            int transA,
            int transB,
            int m,
            int n,
            int k,
            MemorySegment alpha,
            long a,
            int lda,
            long strideA,
            long b,
            int ldb,
            long strideB,
            MemorySegment beta,
            long c,
            int ldc,
            long strideC,
            int batch) {
        try {
            MethodHandle h = dbl ? dgemm : sgemm;
            int rc = (int) h.invokeExact(
                    handle, transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC,
                    batch);
            check(rc, dbl ? "cublasDgemmStridedBatched" : "cublasSgemmStridedBatched");
        } catch (Throwable t) {
            throw CudaDriver.rethrow(t);
        }
    }
}
