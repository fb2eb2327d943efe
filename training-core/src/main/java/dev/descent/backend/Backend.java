package dev.descent.backend;

import dev.descent.tensor.DType;
import dev.descent.tensor.Generator;
import dev.descent.tensor.Storage;
import dev.descent.tensor.Tensor;

/**
 * Primitive kernels of one compute device. Autograd, modules and optimizers sit above this interface and never know
 * which backend runs; implementations are found with {@link java.util.ServiceLoader}.
 *
 * <p>Kernels receive tensors only as strided descriptors (storage, shape, strides, offset). Unless said otherwise,
 * inputs may have any strides (including 0 for broadcast dimensions), outputs are freshly allocated and contiguous, and
 * all operands of a kernel live on this backend and share a dtype.
 */
public interface Backend {

    /** Short name: "cpu", "cuda". */
    String name();

    /** Whether this backend can run here (a CUDA backend without a GPU cannot). */
    boolean isAvailable();

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
    void toHost(Tensor src, Object array);

    // ---- elementwise --------------------------------------------------------------------------

    void fill(Tensor dst, double value);

    /** dst = src elementwise (same shape); converts between dtypes. {@code dst} may be a strided view. */
    void copy(Tensor src, Tensor dst);

    void unary(UnaryOp op, Tensor x, Tensor out, double p, double q);

    /** {@code a} and {@code b} are broadcast to {@code out}'s shape; comparisons write a bool {@code out}. */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out, double alpha);

    /** A fused three-input update (see {@link TernaryOp}); b and c are broadcast to out's shape, out may alias a. */
    void ternary(TernaryOp op, Tensor a, Tensor b, Tensor c, Tensor out, double alpha, double beta, double gamma);

    /** out = cond ? a : b, with {@code cond} a bool tensor broadcast like a and b. */
    void where(Tensor cond, Tensor a, Tensor b, Tensor out);

    // ---- reductions ---------------------------------------------------------------------------

    /**
     * Reduces {@code x} into {@code out}, which has x's rank with every reduced dimension of size 1. ARGMAX and ARGMIN
     * reduce exactly one dimension and write int64 indices (the first extremum wins).
     */
    void reduce(ReduceOp op, Tensor x, Tensor out);

    // ---- linear algebra -----------------------------------------------------------------------

    /** Batched matrix product: a [B, M, K] times b [B, K, N] into out [B, M, N]. */
    void matmul(Tensor a, Tensor b, Tensor out);

    // ---- indexing -----------------------------------------------------------------------------

    /** out[..i..] = x[..index[..i..]..] along {@code dim}; index is int64 with out's shape. */
    void gather(Tensor x, int dim, Tensor index, Tensor out);

    /** out[..index[..i..]..] += src[..i..] along {@code dim}; accumulates into {@code out} in place. */
    void scatterAdd(Tensor out, int dim, Tensor index, Tensor src);

    /** out = x with dimension {@code dim} taken at the positions of the 1-D int64 {@code index}. */
    void indexSelect(Tensor x, int dim, Tensor index, Tensor out);

    /** out.select(dim, index[i]) += src.select(dim, i) for every i; accumulates in place. */
    void indexAdd(Tensor out, int dim, Tensor index, Tensor src);

    // ---- convolution and pooling --------------------------------------------------------------

    /** Unfolds x [N, C, H, W] into cols [N, C*kh*kw, outH*outW] (zeros where the window reads padding). */
    void im2col(Tensor x, ConvGeometry g, Tensor cols);

    /** Folds cols [N, C*kh*kw, outH*outW] back, summing overlaps, into the zeroed x [N, C, H, W]. */
    void col2im(Tensor cols, ConvGeometry g, Tensor x);

    /**
     * Max pooling of x [N, C, H, W] into out [N, C, outH, outW]; {@code indices} (int64, same shape as out) receives
     * the flat position h*W+w of each maximum within its input plane.
     */
    void maxPool2d(Tensor x, ConvGeometry g, Tensor out, Tensor indices);

    // ---- random -------------------------------------------------------------------------------

    void fillUniform(Tensor dst, Generator gen, double low, double high);

    void fillNormal(Tensor dst, Generator gen, double mean, double std);

    /** dst = 1 with probability p, else 0. */
    void fillBernoulli(Tensor dst, Generator gen, double p);
}
