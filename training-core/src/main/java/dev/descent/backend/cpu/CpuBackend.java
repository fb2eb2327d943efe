package dev.descent.backend.cpu;

import dev.descent.backend.Backend;
import dev.descent.backend.BinaryOp;
import dev.descent.backend.ConvGeometry;
import dev.descent.backend.DType;
import dev.descent.backend.Epilogue;
import dev.descent.backend.Generator;
import dev.descent.backend.ReduceOp;
import dev.descent.backend.Storage;
import dev.descent.backend.StridedView;
import dev.descent.backend.TernaryOp;
import dev.descent.backend.UnaryOp;

/** The CPU backend: Java arrays, all cores, SIMD through the Vector API. */
public final class CpuBackend implements Backend {

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public String describe() {
        return "cpu (" + Parallel.THREADS + " threads, " + VectorF32.S.vectorBitSize() + "-bit SIMD)";
    }

    static CpuStorage storage(StridedView t) {
        if (!(t.storage() instanceof CpuStorage s)) {
            throw new IllegalArgumentException("expected a tensor on the cpu backend, got one on "
                    + t.storage().backend().name());
        }
        return s;
    }

    @Override
    public Storage allocate(DType dtype, int size) {
        return new CpuStorage(this, dtype, CpuStorage.allocate(dtype, size), size);
    }

    @Override
    public Storage fromHost(DType dtype, Object array) {
        int n = java.lang.reflect.Array.getLength(array);
        Object copy = CpuStorage.allocate(dtype, n);
        if (copy.getClass() != array.getClass()) {
            throw new IllegalArgumentException(
                    dtype.label() + " needs a " + copy.getClass().getSimpleName() + ", got "
                            + array.getClass().getSimpleName());
        }
        System.arraycopy(array, 0, copy, 0, n);
        return new CpuStorage(this, dtype, copy, n);
    }

    @Override
    public void toHost(StridedView src, Object array) {
        CpuStorage host = new CpuStorage(this, src.dtype(), array, java.lang.reflect.Array.getLength(array));
        Elementwise.copy(src, StridedView.contiguous(host, src.sizes()));
    }

    @Override
    public void fill(StridedView dst, double value) {
        Elementwise.fill(dst, value);
    }

    @Override
    public void copy(StridedView src, StridedView dst) {
        Elementwise.copy(src, dst);
    }

    @Override
    public void unary(UnaryOp op, StridedView x, StridedView out, double p, double q) {
        Elementwise.unary(op, x, out, p, q);
    }

    @Override
    public void binary(BinaryOp op, StridedView a, StridedView b, StridedView out, double alpha) {
        Elementwise.binary(op, a, b, out, alpha);
    }

    @Override
    public void ternary(
            TernaryOp op,
            StridedView a,
            StridedView b,
            StridedView c,
            StridedView out,
            double alpha,
            double beta,
            double gamma) {
        Elementwise.ternary(op, a, b, c, out, alpha, beta, gamma);
    }

    @Override
    public void where(StridedView cond, StridedView a, StridedView b, StridedView out) {
        Elementwise.where(cond, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, StridedView x, StridedView out) {
        Reduce.reduce(op, x, out);
    }

    /** Items per thread from which a batched product hands whole items to the threads, however large each is. */
    private static final int ITEMS_PER_THREAD = 8;

    /**
     * One product per batch item. Items too small to split across threads (attention heads, a small convolution's
     * per-image products) run in parallel with each other instead, and so do items of any size when there are many of
     * them (at least {@link #ITEMS_PER_THREAD} per thread: a convolution's 128 per-image products at batch 128): each
     * thread then takes whole items, one hand-off per call instead of one per item, and no item's last sliver of C
     * leaves a thread idle. Only a large item among few splits itself. Either way each element of C is summed by the
     * same kernel over the same blocks of K in the same order (threads split C, never K), so the bits do not depend on
     * which way the work is cut. Stride-0 batch dimensions (a weight shared by every item) need no copy: the kernel
     * packs from them.
     */
    @Override
    public void matmul(StridedView a, StridedView b, StridedView out) {
        matmul(a, b, out, Epilogue.NONE);
    }

    /**
     * The epilogue is applied by the float32 kernels as they store C; float64 (gradient checks) runs the product and
     * then the separate kernels, as {@link Backend}'s default does.
     */
    @Override
    public void matmul(StridedView a, StridedView b, StridedView out, Epilogue epilogue) {
        if (a.dtype() == DType.FLOAT64 && !epilogue.isNone()) {
            Backend.super.matmul(a, b, out, epilogue);
            return;
        }
        int batches = a.size(0), m = a.size(1), k = a.size(2), n = b.size(2);
        int[] as = a.strides(), bs = b.strides();
        int ao = a.offset(), bo = b.offset(), co = out.offset();
        long perItem = (long) m * n * k;
        boolean itemsInParallel =
                batches > 1 && (perItem < Gemm.PARALLEL_WORK || batches >= ITEMS_PER_THREAD * Parallel.THREADS);
        int grain = (int) Math.max(1, Gemm.PARALLEL_WORK / 4 / Math.max(perItem, 1));
        if (a.dtype() == DType.FLOAT32) {
            float[] aa = storage(a).f32(),
                    ba = storage(b).f32(),
                    ca = storage(out).f32();
            StoreEpilogue ep = StoreEpilogue.of(epilogue);
            Parallel.Range items = (from, to) -> {
                for (int i = from; i < to; i++) {
                    Gemm.sgemm(
                            m,
                            n,
                            k,
                            aa,
                            ao + i * as[0],
                            as[1],
                            as[2],
                            ba,
                            bo + i * bs[0],
                            bs[1],
                            bs[2],
                            ca,
                            co + i * m * n,
                            n,
                            !itemsInParallel,
                            ep);
                }
            };
            if (itemsInParallel) Parallel.range(batches, grain, items);
            else items.run(0, batches);
        } else if (a.dtype() == DType.FLOAT64) {
            double[] aa = storage(a).f64(),
                    ba = storage(b).f64(),
                    ca = storage(out).f64();
            Parallel.Range items = (from, to) -> {
                for (int i = from; i < to; i++) {
                    Gemm.dgemm(
                            m,
                            n,
                            k,
                            aa,
                            ao + i * as[0],
                            as[1],
                            as[2],
                            ba,
                            bo + i * bs[0],
                            bs[1],
                            bs[2],
                            ca,
                            co + i * m * n);
                }
            };
            if (itemsInParallel) Parallel.range(batches, grain, items);
            else items.run(0, batches);
        } else {
            throw new IllegalArgumentException(
                    "matmul is not implemented for " + a.dtype().label());
        }
    }

    @Override
    public void matmulSum(StridedView a, StridedView b, StridedView out) {
        int batches = a.size(0), m = a.size(1), k = a.size(2), n = b.size(2);
        int[] as = a.strides(), bs = b.strides();
        if (a.dtype() == DType.FLOAT32) {
            Gemm.sgemmSum(
                    batches,
                    m,
                    n,
                    k,
                    storage(a).f32(),
                    a.offset(),
                    as[0],
                    as[1],
                    as[2],
                    storage(b).f32(),
                    b.offset(),
                    bs[0],
                    bs[1],
                    bs[2],
                    storage(out).f32(),
                    out.offset(),
                    n);
        } else {
            Backend.super.matmulSum(a, b, out);
        }
    }

    @Override
    public void gather(StridedView x, int dim, StridedView index, StridedView out) {
        Indexing.gather(x, dim, index, out);
    }

    @Override
    public void scatterAdd(StridedView out, int dim, StridedView index, StridedView src) {
        Indexing.scatterAdd(out, dim, index, src);
    }

    @Override
    public void indexSelect(StridedView x, int dim, StridedView index, StridedView out) {
        Indexing.indexSelect(x, dim, index, out);
    }

    @Override
    public void indexAdd(StridedView out, int dim, StridedView index, StridedView src) {
        Indexing.indexAdd(out, dim, index, src);
    }

    @Override
    public void im2col(StridedView x, ConvGeometry g, StridedView cols) {
        Conv.im2col(x, g, cols);
    }

    @Override
    public void col2im(StridedView cols, ConvGeometry g, StridedView x) {
        Conv.col2im(cols, g, x);
    }

    @Override
    public void maxPool2d(StridedView x, ConvGeometry g, StridedView out, StridedView indices) {
        Conv.maxPool2d(x, g, out, indices);
    }

    @Override
    public void fillUniform(StridedView dst, Generator gen, double low, double high) {
        fillRandom(dst, (buf, n) -> {
            gen.nextDoubles(buf, 0, n);
            for (int i = 0; i < n; i++) buf[i] = low + (high - low) * buf[i];
        });
    }

    @Override
    public void fillNormal(StridedView dst, Generator gen, double mean, double std) {
        fillRandom(dst, (buf, n) -> {
            gen.nextGaussians(buf, 0, n);
            for (int i = 0; i < n; i++) buf[i] = mean + std * buf[i];
        });
    }

    @Override
    public void fillBernoulli(StridedView dst, Generator gen, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("bernoulli: p must be in [0, 1], got " + p);
        fillRandom(dst, (buf, n) -> {
            gen.nextDoubles(buf, 0, n);
            for (int i = 0; i < n; i++) buf[i] = buf[i] < p ? 1 : 0;
        });
    }

    /** Fills buf[0, n) with the next n values. */
    private interface Draws {
        void next(double[] buf, int n);
    }

    /** Draws in row-major order on one thread, so a seed gives the same tensor whatever the thread count. */
    private static void fillRandom(StridedView dst, Draws draws) {
        CpuStorage s = storage(dst);
        StridedLoop loop = StridedLoop.of(dst);
        int st = loop.inner[0];
        double[] buf = new double[Math.min(loop.rowLength(), 4096)];
        loop.runSerial((off, n) -> {
            for (int done = 0; done < n; done += buf.length) {
                int m = Math.min(buf.length, n - done);
                draws.next(buf, m);
                if (dst.dtype() == DType.FLOAT32) {
                    float[] d = s.f32();
                    for (int i = 0; i < m; i++) d[off[0] + (done + i) * st] = (float) buf[i];
                } else {
                    for (int i = 0; i < m; i++) s.setDouble(off[0] + (done + i) * st, buf[i]);
                }
            }
        });
    }
}
