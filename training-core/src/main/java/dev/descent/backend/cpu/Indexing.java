package dev.descent.backend.cpu;

import dev.descent.backend.BinaryOp;
import dev.descent.backend.DType;
import dev.descent.backend.StridedView;

/** gather / scatter-add / index-select / index-add. Scatters run on one thread: their writes may collide. */
final class Indexing {
    private Indexing() {}

    /** x restricted to index's shape, with dimension {@code dim} pinned (stride 0) so the index supplies it. */
    private static StridedView pinned(StridedView x, int dim, StridedView index) {
        int[] strides = x.strides();
        strides[dim] = 0;
        return StridedView.of(x.storage(), index.sizes(), strides, x.offset());
    }

    static void gather(StridedView x, int dim, StridedView index, StridedView out) {
        StridedView xv = pinned(x, dim, index);
        int dimStride = x.stride(dim);
        CpuStorage xs = CpuBackend.storage(x), os = CpuBackend.storage(out);
        long[] idx = CpuBackend.storage(index).i64();
        StridedLoop loop = StridedLoop.of(out, index, xv);
        int so = loop.inner[0], si = loop.inner[1], sx = loop.inner[2];
        if (x.dtype() == DType.FLOAT32) {
            float[] xa = xs.f32(), oa = os.f32();
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++)
                    oa[off[0] + i * so] = xa[off[2] + i * sx + (int) idx[off[1] + i * si] * dimStride];
            });
        } else {
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++)
                    copyElement(xs, off[2] + i * sx + (int) idx[off[1] + i * si] * dimStride, os, off[0] + i * so);
            });
        }
    }

    static void scatterAdd(StridedView out, int dim, StridedView index, StridedView src) {
        StridedView ov = pinned(out, dim, index);
        StridedView sv = StridedView.of(src.storage(), index.sizes(), src.strides(), src.offset());
        int dimStride = out.stride(dim);
        CpuStorage os = CpuBackend.storage(out), ss = CpuBackend.storage(src);
        long[] idx = CpuBackend.storage(index).i64();
        StridedLoop loop = StridedLoop.of(index, ov, sv);
        int si = loop.inner[0], so = loop.inner[1], ssd = loop.inner[2];
        // Serial on purpose: two index entries may name the same output element.
        if (out.dtype() == DType.FLOAT32) {
            float[] oa = os.f32(), sa = ss.f32();
            serial(loop, (off, n) -> {
                for (int i = 0; i < n; i++)
                    oa[off[1] + i * so + (int) idx[off[0] + i * si] * dimStride] += sa[off[2] + i * ssd];
            });
        } else if (out.dtype().isFloatingPoint()) {
            serial(loop, (off, n) -> {
                for (int i = 0; i < n; i++) {
                    int at = off[1] + i * so + (int) idx[off[0] + i * si] * dimStride;
                    os.setDouble(at, os.getDouble(at) + ss.getDouble(off[2] + i * ssd));
                }
            });
        } else {
            serial(loop, (off, n) -> {
                for (int i = 0; i < n; i++) {
                    int at = off[1] + i * so + (int) idx[off[0] + i * si] * dimStride;
                    os.setLong(at, os.getLong(at) + ss.getLong(off[2] + i * ssd));
                }
            });
        }
    }

    static void indexSelect(StridedView x, int dim, StridedView index, StridedView out) {
        long[] idx = CpuBackend.storage(index).i64();
        int io = index.offset(), is = index.dim() == 0 ? 0 : index.stride(0);
        int n = index.numel();
        if (x.isContiguous() && out.isContiguous()) {
            copyRuns(x, dim, idx, io, is, n, out);
            return;
        }
        Parallel.range(n, Math.max(1, StridedLoop.GRAIN / Math.max(1, out.numel() / Math.max(n, 1))), (from, to) -> {
            for (int i = from; i < to; i++) {
                Elementwise.copy(slice(x, dim, (int) idx[io + i * is]), slice(out, dim, i));
            }
        });
    }

    /**
     * Row-major operands: each selected slice is one run of contiguous elements per block of the leading dimensions, so
     * whole runs move with arraycopy (a data loader's batch gather is this case).
     */
    private static void copyRuns(StridedView x, int dim, long[] idx, int io, int is, int n, StridedView out) {
        int[] sizes = x.sizes();
        int inner = 1, outer = 1;
        for (int d = dim + 1; d < sizes.length; d++) inner *= sizes[d];
        for (int d = 0; d < dim; d++) outer *= sizes[d];
        int size = sizes[dim], run = inner, xo = x.offset(), oo = out.offset();
        Object xa = CpuBackend.storage(x).data, oa = CpuBackend.storage(out).data;
        // Copies are memory-bound: only split them across threads when each thread gets megabytes.
        Parallel.range(outer * n, Math.max(1, COPY_GRAIN / Math.max(run, 1)), (from, to) -> {
            for (int k = from; k < to; k++) {
                int o = k / n, i = k - o * n;
                System.arraycopy(xa, xo + (o * size + (int) idx[io + i * is]) * run, oa, oo + k * run, run);
            }
        });
    }

    private static final int COPY_GRAIN = 1 << 20;

    static void indexAdd(StridedView out, int dim, StridedView index, StridedView src) {
        long[] idx = CpuBackend.storage(index).i64();
        int io = index.offset(), is = index.dim() == 0 ? 0 : index.stride(0);
        for (int i = 0; i < index.numel(); i++) {
            StridedView dst = slice(out, dim, (int) idx[io + i * is]);
            Elementwise.binary(BinaryOp.ADD, dst, slice(src, dim, i), dst, 1);
        }
    }

    /** x.select(dim, i) as a raw view. */
    private static StridedView slice(StridedView x, int dim, int i) {
        int[] sizes = x.sizes(), strides = x.strides();
        int offset = x.offset() + i * strides[dim];
        int[] s = new int[sizes.length - 1], t = new int[sizes.length - 1];
        for (int d = 0, k = 0; d < sizes.length; d++) {
            if (d != dim) {
                s[k] = sizes[d];
                t[k++] = strides[d];
            }
        }
        return StridedView.of(x.storage(), s, t, offset);
    }

    private static void copyElement(CpuStorage from, int fi, CpuStorage to, int ti) {
        if (from.dtype().isFloatingPoint()) to.setDouble(ti, from.getDouble(fi));
        else to.setLong(ti, from.getLong(fi));
    }

    private static void serial(StridedLoop loop, StridedLoop.Row row) {
        loop.runSerial(row);
    }
}
