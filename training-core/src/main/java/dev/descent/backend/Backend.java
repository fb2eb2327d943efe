package dev.descent.backend;

/**
 * Primitive kernels of one compute device. Autograd, modules and optimizers sit above this interface and never know
 * which backend runs; implementations are found with {@link java.util.ServiceLoader}.
 *
 * <p>Kernels receive tensors only as {@link StridedView}s (storage, dtype, sizes, strides, offset): they know nothing
 * of autograd. Unless said otherwise, inputs may have any strides (including 0 for broadcast dimensions), outputs are
 * freshly allocated and contiguous, and all operands of a kernel live on this backend and share a dtype.
 */
public interface Backend {

    /** Short name: "cpu", "cuda". */
    String name();

    /** Whether this backend can run here (a CUDA backend without a GPU cannot). */
    boolean isAvailable();

    /** Why {@link #isAvailable()} is false (the library or device that is missing); empty when it is available. */
    default String unavailableReason() {
        return "";
    }

    /**
     * Waits until every kernel queued so far has finished, and reports bad input a kernel found on the way. Backends
     * that run kernels synchronously (cpu) have nothing to do; benchmarks call it before they stop a clock.
     */
    default void synchronize() {}

    /** Device-memory figures (bytes and counts) for logs and metrics; empty for host memory. */
    default java.util.Map<String, Long> memoryStats() {
        return java.util.Map.of();
    }

    /** Preference when the device is "auto": the available backend with the highest priority wins. */
    int priority();

    /** A human description for logs and worker registration, e.g. "cpu (2 threads, AVX2 256-bit)". */
    String describe();

    // ---- memory -------------------------------------------------------------------------------

    /** A zero-filled storage. */
    Storage allocate(DType dtype, int size);

    /**
     * A storage holding a copy of a host array: float[] for float32, double[] for float64, long[] for int64, int[] for
     * int32, byte[] for int8/uint8/bool.
     */
    Storage fromHost(DType dtype, Object array);

    /** Copies {@code src} (any strides) into a flat host array of its dtype's Java type, in row-major order. */
    void toHost(StridedView src, Object array);

    // ---- elementwise --------------------------------------------------------------------------

    void fill(StridedView dst, double value);

    /** dst = src elementwise (same shape); converts between dtypes. {@code dst} may be a strided view. */
    void copy(StridedView src, StridedView dst);

    void unary(UnaryOp op, StridedView x, StridedView out, double p, double q);

    /** {@code a} and {@code b} are broadcast to {@code out}'s shape; comparisons write a bool {@code out}. */
    void binary(BinaryOp op, StridedView a, StridedView b, StridedView out, double alpha);

    /** A fused three-input update (see {@link TernaryOp}); b and c are broadcast to out's shape, out may alias a. */
    void ternary(
            TernaryOp op,
            StridedView a,
            StridedView b,
            StridedView c,
            StridedView out,
            double alpha,
            double beta,
            double gamma);

    /** out = cond ? a : b, with {@code cond} a bool tensor broadcast like a and b. */
    void where(StridedView cond, StridedView a, StridedView b, StridedView out);

    // ---- reductions ---------------------------------------------------------------------------

    /**
     * Reduces {@code x} into {@code out}, which has x's rank with every reduced dimension of size 1. ARGMAX and ARGMIN
     * reduce exactly one dimension and write int64 indices (the first extremum wins).
     */
    void reduce(ReduceOp op, StridedView x, StridedView out);

    // ---- linear algebra -----------------------------------------------------------------------

    /** Batched matrix product: a [B, M, K] times b [B, K, N] into out [B, M, N]. */
    void matmul(StridedView a, StridedView b, StridedView out);

    /**
     * The product with an {@link Epilogue} (bias over the last dimension, then an activation) applied to {@code out}.
     * This default runs the product, then the bias as an in-place {@link BinaryOp#ADD}, then the activation in place:
     * the same bits as the separate kernels; backends that can apply it in the product's store override it.
     */
    default void matmul(StridedView a, StridedView b, StridedView out, Epilogue epilogue) {
        matmul(a, b, out);
        if (epilogue.bias() != null) {
            StridedView bias = epilogue.bias();
            int[] sizes = out.sizes(), strides = new int[sizes.length];
            strides[sizes.length - 1] = bias.stride(0);
            binary(BinaryOp.ADD, out, StridedView.of(bias.storage(), sizes, strides, bias.offset()), out, 1.0);
        }
        if (epilogue.activation() == Epilogue.Activation.RELU) unary(UnaryOp.RELU, out, out, 0, 0);
    }

    /**
     * The batch-summed product out [M, N] = sum over i of a[i] b[i], with a [B, M, K] and b [B, K, N]: the gradient of
     * a matrix that every item of a batch shares (a convolution's kernel, applied to each image). A backend that
     * computes it as one product with K = B*K accumulates straight into out, with no [B, M, N] of products to write and
     * sum; this default does just that, through {@link #matmul} and {@link #reduce}.
     */
    default void matmulSum(StridedView a, StridedView b, StridedView out) {
        int batches = a.size(0), m = a.size(1), n = b.size(2);
        StridedView products =
                StridedView.contiguous(allocate(out.dtype(), batches * m * n), new int[] {batches, m, n});
        matmul(a, b, products);
        reduce(
                ReduceOp.SUM,
                products,
                StridedView.of(out.storage(), new int[] {1, m, n}, new int[] {0, n, 1}, out.offset()));
    }

    // ---- indexing -----------------------------------------------------------------------------

    /** out[..i..] = x[..index[..i..]..] along {@code dim}; index is int64 with out's shape. */
    void gather(StridedView x, int dim, StridedView index, StridedView out);

    /** out[..index[..i..]..] += src[..i..] along {@code dim}; accumulates into {@code out} in place. */
    void scatterAdd(StridedView out, int dim, StridedView index, StridedView src);

    /** out = x with dimension {@code dim} taken at the positions of the 1-D int64 {@code index}. */
    void indexSelect(StridedView x, int dim, StridedView index, StridedView out);

    /** out.select(dim, index[i]) += src.select(dim, i) for every i; accumulates in place. */
    void indexAdd(StridedView out, int dim, StridedView index, StridedView src);

    // ---- convolution and pooling --------------------------------------------------------------

    /** Unfolds x [N, C, H, W] into cols [N, C*kh*kw, outH*outW] (zeros where the window reads padding). */
    void im2col(StridedView x, ConvGeometry g, StridedView cols);

    /** Folds cols [N, C*kh*kw, outH*outW] back, summing overlaps, into the zeroed x [N, C, H, W]. */
    void col2im(StridedView cols, ConvGeometry g, StridedView x);

    /**
     * Max pooling of x [N, C, H, W] into out [N, C, outH, outW]; {@code indices} (int64, same shape as out) receives
     * the flat position h*W+w of each maximum within its input plane.
     */
    void maxPool2d(StridedView x, ConvGeometry g, StridedView out, StridedView indices);

    // ---- random -------------------------------------------------------------------------------

    void fillUniform(StridedView dst, Generator gen, double low, double high);

    void fillNormal(StridedView dst, Generator gen, double mean, double std);

    /** dst = 1 with probability p, else 0. */
    void fillBernoulli(StridedView dst, Generator gen, double p);
}
