package dev.descent.backend.cuda;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.descent.backend.Backend;
import dev.descent.backend.BinaryOp;
import dev.descent.backend.ConvGeometry;
import dev.descent.backend.DType;
import dev.descent.backend.Generator;
import dev.descent.backend.ReduceOp;
import dev.descent.backend.Storage;
import dev.descent.backend.StridedView;
import dev.descent.backend.TernaryOp;
import dev.descent.backend.UnaryOp;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code cuda} backend: every kernel of the SPI on device 0, queued on one stream. Nothing here waits for the GPU
 * except {@link #toHost} (a value is read) and {@link #synchronize}; bad input found on the device (an integer division
 * by zero, an index out of range) is reported there. Without {@code libcuda.so.1}, cuBLAS, NVRTC or a GPU,
 * {@link #isAvailable()} is false and {@link #unavailableReason()} says which was missing.
 */
public final class CudaBackend implements Backend {
    private static final int THREADS = 256;
    private static final Set<UnaryOp> INTEGER_UNARY = EnumSet.of(
            UnaryOp.NEG,
            UnaryOp.ABS,
            UnaryOp.SIGN,
            UnaryOp.SQUARE,
            UnaryOp.RELU,
            UnaryOp.CLAMP,
            UnaryOp.FLOOR,
            UnaryOp.CEIL,
            UnaryOp.ROUND,
            UnaryOp.LOGICAL_NOT,
            UnaryOp.POW);
    private static final Set<BinaryOp> INTEGER_BINARY = EnumSet.of(
            BinaryOp.ADD,
            BinaryOp.SUB,
            BinaryOp.MUL,
            BinaryOp.DIV,
            BinaryOp.POW,
            BinaryOp.MAXIMUM,
            BinaryOp.MINIMUM,
            BinaryOp.FMOD,
            BinaryOp.REMAINDER,
            BinaryOp.FLOOR_DIVIDE);

    private volatile CudaContext ctx;
    private volatile String unavailable;
    private final Launch launch = new Launch();
    /** Whether the calling thread has the context current. */
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);

    private final MemorySegment scalars = Arena.global().allocate(64, 16);

    @Override
    public String name() {
        return "cuda";
    }

    /** Sets the device up on first call; false, with the reason kept, when it cannot. */
    @Override
    public boolean isAvailable() {
        return context() != null;
    }

    @Override
    public String unavailableReason() {
        return isAvailable() ? "" : unavailable;
    }

    private CudaContext context() {
        CudaContext c = ctx;
        if (c != null || unavailable != null) return c;
        synchronized (this) {
            if (ctx == null && unavailable == null) {
                try {
                    ctx = CudaContext.open();
                } catch (UnsatisfiedLinkError | RuntimeException e) {
                    unavailable = "no usable GPU: " + e.getMessage();
                }
            }
            return ctx;
        }
    }

    private CudaContext ctx() {
        CudaContext c = context();
        if (c == null) throw new IllegalStateException("the cuda backend is not available: " + unavailable);
        if (!current.get()) {
            c.makeCurrent();
            current.set(true);
        }
        return c;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String describe() {
        CudaContext c = context();
        if (c == null) return "cuda (unavailable: " + unavailable + ")";
        return String.format(
                Locale.ROOT,
                "cuda (%s, sm_%d, %d SMs, %.1f GiB, driver %d.%d, cuBLAS %d, NVRTC %s%s)",
                c.deviceName,
                c.arch,
                c.multiprocessors,
                c.totalMemory / (double) (1L << 30),
                c.driverVersion / 1000,
                c.driverVersion % 1000 / 10,
                c.cublasVersion,
                c.nvrtc.version(),
                c.tf32 ? ", TF32 GEMM" : "");
    }

    /** {@code descent.cuda.memory}: the caching allocator's figures, in bytes and counts. */
    @Override
    public Map<String, Long> memoryStats() {
        CudaContext c = context();
        return c == null ? Map.of() : c.allocator.stats();
    }

    @Override
    public synchronized void synchronize() {
        CudaContext c = ctx();
        try (Arena a = Arena.ofConfined()) {
            throwIfFailed(c.takeError(a.allocate(JAVA_INT)));
        }
    }

    private static void throwIfFailed(int code) {
        switch (code) {
            case 0 -> {}
            case 1 -> throw new ArithmeticException("ZeroDivisionError: integer division by zero");
            case 2 -> throw new IndexOutOfBoundsException("index out of range in a cuda gather, scatter or index op");
            default -> throw new IllegalStateException("a cuda kernel reported error " + code);
        }
    }

    static CudaStorage storage(StridedView v) {
        if (!(v.storage() instanceof CudaStorage s)) {
            throw new IllegalArgumentException("expected a tensor on the cuda backend, got one on "
                    + v.storage().backend().name());
        }
        return s;
    }

    // ---- memory ---------------------------------------------------------------------------------

    @Override
    public synchronized Storage allocate(DType dtype, int size) {
        CudaContext c = ctx();
        CudaStorage s = new CudaStorage(this, dtype, size, c.allocator);
        if (size > 0) c.driver.memsetD8(s.ptr, (byte) 0, (long) size * dtype.byteSize(), c.stream);
        return s;
    }

    /** Uninitialised device memory, for outputs a kernel overwrites. */
    private CudaStorage scratch(DType dtype, int size) {
        return new CudaStorage(this, dtype, size, ctx().allocator);
    }

    private StridedView temp(DType dtype, int[] sizes) {
        int n = 1;
        for (int s : sizes) n *= s;
        return StridedView.contiguous(scratch(dtype, n), sizes);
    }

    @Override
    public synchronized Storage fromHost(DType dtype, Object array) {
        CudaContext c = ctx();
        int n = java.lang.reflect.Array.getLength(array);
        Object expected = dev.descent.backend.HostArrays.allocate(dtype, 0);
        if (expected.getClass() != array.getClass()) {
            throw new IllegalArgumentException(
                    dtype.label() + " needs a " + expected.getClass().getSimpleName() + ", got "
                            + array.getClass().getSimpleName());
        }
        CudaStorage s = new CudaStorage(this, dtype, n, c.allocator);
        if (n == 0) return s;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = hostSegment(a, array);
            // From pageable memory the driver stages the bytes before it returns, so the buffer may go at once.
            c.driver.copyHostToDevice(s.ptr, host, host.byteSize(), c.stream);
        }
        return s;
    }

    private static MemorySegment hostSegment(Arena a, Object array) {
        return switch (array) {
            case float[] f -> a.allocateFrom(JAVA_FLOAT, f);
            case double[] d -> a.allocateFrom(JAVA_DOUBLE, d);
            case long[] l -> a.allocateFrom(JAVA_LONG, l);
            case int[] i -> a.allocateFrom(JAVA_INT, i);
            case byte[] b -> a.allocateFrom(JAVA_BYTE, b);
            default ->
                throw new IllegalArgumentException(
                        "not a host array: " + array.getClass().getSimpleName());
        };
    }

    @Override
    public synchronized void toHost(StridedView src, Object array) {
        CudaContext c = ctx();
        int n = src.numel();
        if (java.lang.reflect.Array.getLength(array) < n) {
            throw new IllegalArgumentException(
                    "toHost: " + n + " elements do not fit an array of " + java.lang.reflect.Array.getLength(array));
        }
        StridedView flat = src;
        if (!src.isContiguous()) {
            flat = temp(src.dtype(), src.sizes());
            copy(src, flat);
        }
        long bytes = (long) n * src.dtype().byteSize();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment host = a.allocate(Math.max(bytes, 1), 8);
            if (n > 0) c.driver.copyDeviceToHost(host, storage(flat).address(flat.offset()), bytes, c.stream);
            throwIfFailed(c.takeError(a.allocate(JAVA_INT))); // synchronises the stream
            switch (array) {
                case float[] f -> MemorySegment.copy(host, JAVA_FLOAT, 0, f, 0, n);
                case double[] d -> MemorySegment.copy(host, JAVA_DOUBLE, 0, d, 0, n);
                case long[] l -> MemorySegment.copy(host, JAVA_LONG, 0, l, 0, n);
                case int[] i -> MemorySegment.copy(host, JAVA_INT, 0, i, 0, n);
                case byte[] b -> MemorySegment.copy(host, JAVA_BYTE, 0, b, 0, n);
                default ->
                    throw new IllegalArgumentException(
                            "not a host array: " + array.getClass().getSimpleName());
            }
        }
    }

    // ---- launching ------------------------------------------------------------------------------

    private Launch args() {
        return launch.reset();
    }

    /** Queues {@code kernel} over {@code n} elements with grid-stride loops. */
    private void run(String kernel, int n) {
        if (n <= 0) return;
        CudaContext c = ctx();
        int blocks = (int) Math.min((n + (long) THREADS - 1) / THREADS, (long) c.multiprocessors * 32);
        c.driver.launch(c.function(kernel), blocks, 1, THREADS, 0, c.stream, launch.pointers());
    }

    private void runBlocks(String kernel, int blocks, int threads) {
        if (blocks <= 0) return;
        CudaContext c = ctx();
        c.driver.launch(c.function(kernel), blocks, 1, threads, 0, c.stream, launch.pointers());
    }

    /** An op's code in kernels.cu, whose enums list the constants in the Java order (CudaKernelSourceTest checks). */
    @SuppressWarnings("EnumOrdinal")
    static int code(Enum<?> op) {
        return op.ordinal();
    }

    private static String sfx(DType d) {
        return CudaContext.suffix(d);
    }

    private static void sameDtype(String what, StridedView... views) {
        for (StridedView v : views) {
            if (v.dtype() != views[0].dtype()) {
                throw new IllegalArgumentException(what + ": operands must share a dtype, got "
                        + views[0].dtype().label() + " and " + v.dtype().label());
            }
        }
    }

    // ---- elementwise ----------------------------------------------------------------------------

    @Override
    public synchronized void fill(StridedView dst, double value) {
        int[] shape = dst.sizes();
        Launch a = args().shape(shape).view(dst, shape).ptr(dst);
        switch (dst.dtype()) {
            case FLOAT32 -> a.f32((float) value);
            case FLOAT64 -> a.f64(value);
            case INT64 -> a.i64((long) value);
            case INT32 -> a.i32((int) (long) value);
            case INT8, UINT8 -> a.i8((byte) (long) value);
            case BOOL -> a.i8((byte) (value != 0 ? 1 : 0));
        }
        run("fill_" + sfx(dst.dtype()), dst.numel());
    }

    @Override
    public synchronized void copy(StridedView src, StridedView dst) {
        int n = dst.numel();
        if (n == 0) return;
        if (src.dtype() == dst.dtype() && src.isContiguous() && dst.isContiguous() && src.numel() == n) {
            CudaContext c = ctx();
            c.driver.copyDeviceToDevice(
                    storage(dst).address(dst.offset()),
                    storage(src).address(src.offset()),
                    (long) n * dst.dtype().byteSize(),
                    c.stream);
            return;
        }
        int[] shape = dst.sizes();
        args().shape(shape).view(src, shape).ptr(src).view(dst, shape).ptr(dst);
        run("copy_" + sfx(src.dtype()) + "_" + sfx(dst.dtype()), n);
    }

    @Override
    public synchronized void unary(UnaryOp op, StridedView x, StridedView out, double p, double q) {
        if (x.dtype().isIntegral() && !INTEGER_UNARY.contains(op))
            throw new IllegalArgumentException(
                    op + " is not defined for " + x.dtype().label() + " tensors");
        if (out.dtype() != x.dtype()) {
            StridedView t = temp(x.dtype(), out.sizes());
            unary(op, x, t, p, q);
            copy(t, out);
            return;
        }
        int[] shape = out.sizes();
        args().i32(code(op))
                .shape(shape)
                .view(x, shape)
                .ptr(x)
                .view(out, shape)
                .ptr(out)
                .f64(p)
                .f64(q);
        run("unary_" + sfx(x.dtype()), out.numel());
    }

    @Override
    public synchronized void binary(BinaryOp op, StridedView a, StridedView b, StridedView out, double alpha) {
        sameDtype(op.name(), a, b);
        DType dt = a.dtype();
        DType result = op.isComparison() ? DType.BOOL : dt;
        if (!op.isComparison() && dt.isIntegral() && !INTEGER_BINARY.contains(op))
            throw new IllegalArgumentException(op + " is not defined for " + dt.label() + " tensors");
        if (out.dtype() != result) {
            StridedView t = temp(result, out.sizes());
            binary(op, a, b, t, alpha);
            copy(t, out);
            return;
        }
        int[] shape = out.sizes();
        args().i32(code(op))
                .shape(shape)
                .view(a, shape)
                .ptr(a)
                .view(b, shape)
                .ptr(b)
                .view(out, shape)
                .ptr(out);
        if (op.isComparison()) run("compare_" + sfx(dt), out.numel());
        else {
            launch.f64(alpha);
            run("binary_" + sfx(dt), out.numel());
        }
    }

    @Override
    public synchronized void ternary(
            TernaryOp op,
            StridedView a,
            StridedView b,
            StridedView c,
            StridedView out,
            double alpha,
            double beta,
            double gamma) {
        sameDtype(op.name(), a, b, c, out);
        if (!a.dtype().isFloatingPoint())
            throw new IllegalArgumentException(
                    op + " is defined for float32 and float64, got " + a.dtype().label());
        int[] shape = out.sizes();
        args().i32(code(op))
                .shape(shape)
                .view(a, shape)
                .ptr(a)
                .view(b, shape)
                .ptr(b)
                .view(c, shape)
                .ptr(c)
                .view(out, shape)
                .ptr(out)
                .f64(alpha)
                .f64(beta)
                .f64(gamma);
        run("ternary_" + sfx(a.dtype()), out.numel());
    }

    @Override
    public synchronized void where(StridedView cond, StridedView a, StridedView b, StridedView out) {
        sameDtype("where", a, b, out);
        if (cond.dtype() != DType.BOOL) {
            StridedView t = temp(DType.BOOL, cond.sizes());
            copy(cond, t);
            cond = t;
        }
        int[] shape = out.sizes();
        args().shape(shape)
                .view(cond, shape)
                .ptr(cond)
                .view(a, shape)
                .ptr(a)
                .view(b, shape)
                .ptr(b)
                .view(out, shape)
                .ptr(out);
        run("where_" + sfx(out.dtype()), out.numel());
    }

    // ---- reductions -----------------------------------------------------------------------------

    @Override
    public synchronized void reduce(ReduceOp op, StridedView x, StridedView out) {
        int rank = x.dim();
        if (out.dim() != rank)
            throw new IllegalArgumentException("reduce: out has rank " + out.dim() + ", x has " + rank);
        boolean arg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
        DType want = arg ? DType.INT64 : x.dtype();
        if (out.dtype() != want) {
            StridedView t = temp(want, out.sizes());
            reduce(op, x, t);
            copy(t, out);
            return;
        }
        int[] xs = x.sizes(), xst = x.strides(), os = out.sizes();
        int nReduced = 0;
        for (int d = 0; d < rank; d++) if (os[d] == 1 && xs[d] != 1) nReduced++;
        int[] redSizes = new int[nReduced], redStrides = new int[nReduced];
        int[] keptStrides = new int[rank];
        int redN = 1, argDim = -1;
        for (int d = 0, k = 0; d < rank; d++) {
            if (os[d] == 1 && xs[d] != 1) {
                redSizes[k] = xs[d];
                redStrides[k++] = xst[d];
                redN *= xs[d];
                argDim = d;
            } else {
                if (os[d] != xs[d])
                    throw new IllegalArgumentException(
                            "reduce: out size " + os[d] + " in dimension " + d + " is neither 1 nor x's " + xs[d]);
                keptStrides[d] = xs[d] == 1 ? 0 : xst[d];
            }
        }
        int threads = 32;
        while (threads < THREADS && threads < redN) threads <<= 1;
        if (arg) {
            if (nReduced > 1) throw new IllegalArgumentException(op + " reduces one dimension, got " + nReduced);
            args().i32(op == ReduceOp.ARGMAX ? 1 : 0)
                    .shape(os)
                    .view(x.offset(), keptStrides)
                    .view(out, os)
                    .i32(argDim < 0 ? 1 : xs[argDim])
                    .i32(argDim < 0 ? 0 : xst[argDim])
                    .ptr(x)
                    .ptr(out);
            runBlocks("argreduce_" + sfx(x.dtype()), out.numel(), threads);
            return;
        }
        args().i32(code(op))
                .shape(os)
                .view(x.offset(), keptStrides)
                .view(out, os)
                .shape(redSizes)
                .view(0, redStrides)
                .ptr(x)
                .ptr(out);
        runBlocks("reduce_" + sfx(x.dtype()), out.numel(), threads);
    }

    // ---- linear algebra -------------------------------------------------------------------------

    /** How cuBLAS reads a row-major [rows, cols] operand as its column-major transpose: op and leading dimension. */
    record Layout(int op, int ld) {
        static Layout of(int rows, int cols, int rowStride, int colStride) {
            if ((colStride == 1 || cols == 1) && (rows == 1 || rowStride >= Math.max(cols, 1)))
                return new Layout(Cublas.OP_N, rows == 1 ? Math.max(cols, 1) : rowStride);
            if ((rowStride == 1 || rows == 1) && (cols == 1 || colStride >= Math.max(rows, 1)))
                return new Layout(Cublas.OP_T, cols == 1 ? Math.max(rows, 1) : colStride);
            return null;
        }
    }

    /**
     * out = a b per batch item through one strided-batched cuBLAS GEMM. Row-major C = A B is column-major C^T = B^T
     * A^T, so b is cuBLAS's first operand. Operands whose rows and columns are both strided are copied first.
     */
    @Override
    public synchronized void matmul(StridedView a, StridedView b, StridedView out) {
        sameDtype("matmul", a, b, out);
        DType dt = a.dtype();
        if (!dt.isFloatingPoint())
            throw new IllegalArgumentException(
                    "matmul on cuda is implemented for float32 and float64 (cuBLAS), got " + dt.label());
        int batches = a.size(0), m = a.size(1), k = a.size(2), n = b.size(2);
        if (batches == 0 || m == 0 || n == 0) return;
        if (k == 0) {
            fill(out, 0);
            return;
        }
        if (!out.isContiguous()) {
            StridedView t = temp(dt, out.sizes());
            matmul(a, b, t);
            copy(t, out);
            return;
        }
        Layout la = Layout.of(m, k, a.stride(1), a.stride(2));
        if (la == null) {
            StridedView t = temp(dt, a.sizes());
            copy(a, t);
            a = t;
            la = Layout.of(m, k, k, 1);
        }
        Layout lb = Layout.of(k, n, b.stride(1), b.stride(2));
        if (lb == null) {
            StridedView t = temp(dt, b.sizes());
            copy(b, t);
            b = t;
            lb = Layout.of(k, n, n, 1);
        }
        CudaContext c = ctx();
        boolean dbl = dt == DType.FLOAT64;
        MemorySegment alpha = scalars.asSlice(0, 8), beta = scalars.asSlice(8, 8);
        if (dbl) {
            alpha.set(JAVA_DOUBLE, 0, 1.0);
            beta.set(JAVA_DOUBLE, 0, 0.0);
        } else {
            alpha.set(JAVA_FLOAT, 0, 1f);
            beta.set(JAVA_FLOAT, 0, 0f);
        }
        c.cublas.gemmStridedBatched(
                dbl,
                c.cublasHandle,
                lb.op(),
                la.op(),
                n,
                m,
                k,
                alpha,
                storage(b).address(b.offset()),
                lb.ld(),
                batches == 1 ? 0 : b.stride(0),
                storage(a).address(a.offset()),
                la.ld(),
                batches == 1 ? 0 : a.stride(0),
                beta,
                storage(out).address(out.offset()),
                n,
                (long) m * n,
                batches);
    }

    // ---- indexing -------------------------------------------------------------------------------

    /** The strides of {@code v} over {@code shape} with dimension {@code dim} left out (set to 0). */
    private static int[] without(StridedView v, int dim, int[] shape) {
        int[] st = v.strides();
        int[] out = new int[shape.length];
        for (int d = 0; d < shape.length; d++) out[d] = d == dim ? 0 : st[d];
        return out;
    }

    private static String indexSuffix(DType dt, String what) {
        if (dt == DType.BOOL) {
            if (what.endsWith("Add"))
                throw new IllegalArgumentException(what + " is not implemented for bool tensors on cuda");
            return "u8";
        }
        return sfx(dt);
    }

    private static void int64Index(String what, StridedView index) {
        if (index.dtype() != DType.INT64)
            throw new IllegalArgumentException(
                    what + ": index must be int64, got " + index.dtype().label());
    }

    @Override
    public synchronized void gather(StridedView x, int dim, StridedView index, StridedView out) {
        int64Index("gather", index);
        int[] shape = index.sizes();
        args().shape(shape)
                .i32(x.size(dim))
                .i32(x.stride(dim))
                .view(x.offset(), without(x, dim, shape))
                .ptr(x)
                .view(index, shape)
                .ptr(index)
                .view(out, shape)
                .ptr(out);
        run("gather_" + indexSuffix(x.dtype(), "gather"), index.numel());
    }

    @Override
    public synchronized void scatterAdd(StridedView out, int dim, StridedView index, StridedView src) {
        int64Index("scatterAdd", index);
        int[] shape = index.sizes();
        args().shape(shape)
                .i32(out.size(dim))
                .i32(out.stride(dim))
                .view(out.offset(), without(out, dim, shape))
                .ptr(out)
                .view(index, shape)
                .ptr(index)
                .view(src.offset(), src.strides())
                .ptr(src);
        run("scatter_add_" + indexSuffix(out.dtype(), "scatterAdd"), index.numel());
    }

    @Override
    public synchronized void indexSelect(StridedView x, int dim, StridedView index, StridedView out) {
        int64Index("indexSelect", index);
        alongIndex(dim, x, index, out);
        run("index_select_" + indexSuffix(x.dtype(), "indexSelect"), out.numel());
    }

    @Override
    public synchronized void indexAdd(StridedView out, int dim, StridedView index, StridedView src) {
        int64Index("indexAdd", index);
        alongIndex(dim, out, index, src);
        run("index_add_" + indexSuffix(out.dtype(), "indexAdd"), src.numel());
    }

    /**
     * The arguments index_select and index_add share: {@code indexed} is addressed through the index along {@code dim},
     * {@code dense} has the index's length there, and the kernel runs over dense's shape.
     */
    private void alongIndex(int dim, StridedView indexed, StridedView index, StridedView dense) {
        int[] shape = dense.sizes();
        args().shape(shape)
                .i32(dim)
                .i32(indexed.size(dim))
                .i32(indexed.stride(dim))
                .view(indexed.offset(), without(indexed, dim, shape))
                .ptr(indexed)
                .i32(index.offset())
                .i32(index.dim() == 0 ? 0 : index.stride(0))
                .ptr(index)
                .view(dense, shape)
                .ptr(dense);
    }

    // ---- convolution and pooling ----------------------------------------------------------------

    private static void floating(String what, DType dt) {
        if (!dt.isFloatingPoint())
            throw new IllegalArgumentException(what + " is implemented for float32 and float64, got " + dt.label());
    }

    private StridedView contiguous(StridedView v) {
        if (v.isContiguous()) return v;
        StridedView t = temp(v.dtype(), v.sizes());
        copy(v, t);
        return t;
    }

    @Override
    public synchronized void im2col(StridedView x, ConvGeometry g, StridedView cols) {
        floating("im2col", x.dtype());
        StridedView in = contiguous(x);
        StridedView target = cols.isContiguous() ? cols : temp(cols.dtype(), cols.sizes());
        args().geometry(g).ptrAt(in).ptrAt(target);
        run("im2col_" + sfx(x.dtype()), g.n() * g.colRows() * g.colCols());
        if (target != cols) copy(target, cols);
    }

    @Override
    public synchronized void col2im(StridedView cols, ConvGeometry g, StridedView x) {
        floating("col2im", x.dtype());
        StridedView in = contiguous(cols);
        StridedView target = x.isContiguous() ? x : temp(x.dtype(), x.sizes());
        if (target != x) fill(target, 0);
        args().geometry(g).ptrAt(in).ptrAt(target);
        run("col2im_" + sfx(x.dtype()), g.n() * g.c() * g.h() * g.w());
        if (target != x) copy(target, x);
    }

    @Override
    public synchronized void maxPool2d(StridedView x, ConvGeometry g, StridedView out, StridedView indices) {
        floating("maxPool2d", x.dtype());
        StridedView in = contiguous(x);
        StridedView o = out.isContiguous() ? out : temp(out.dtype(), out.sizes());
        StridedView ix = indices.isContiguous() ? indices : temp(DType.INT64, indices.sizes());
        args().geometry(g).ptrAt(in).ptrAt(o).ptrAt(ix);
        run("max_pool2d_" + sfx(x.dtype()), g.n() * g.c() * g.outH() * g.outW());
        if (o != out) copy(o, out);
        if (ix != indices) copy(ix, indices);
    }

    // ---- random ---------------------------------------------------------------------------------

    /**
     * Counter-based: each element's numbers come from Philox4x32-10 keyed by one draw of {@code gen} per call and
     * counted by the element's index, so a seed gives the same tensor (and dropout mask) on every run and launch shape.
     * They are not the numbers the cpu backend draws from the same seed.
     */
    private void random(int kind, StridedView dst, Generator gen, double a, double b) {
        int[] shape = dst.sizes();
        long seed = gen.nextLong();
        args().i32(kind).shape(shape).view(dst, shape).ptr(dst).i64(seed).f64(a).f64(b);
        run("random_" + sfx(dst.dtype()), dst.numel());
    }

    @Override
    public synchronized void fillUniform(StridedView dst, Generator gen, double low, double high) {
        random(0, dst, gen, low, high);
    }

    @Override
    public synchronized void fillNormal(StridedView dst, Generator gen, double mean, double std) {
        random(1, dst, gen, mean, std);
    }

    @Override
    public synchronized void fillBernoulli(StridedView dst, Generator gen, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("bernoulli: p must be in [0, 1], got " + p);
        random(2, dst, gen, p, 0);
    }
}
