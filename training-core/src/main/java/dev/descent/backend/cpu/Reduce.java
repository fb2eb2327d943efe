package dev.descent.backend.cpu;

import dev.descent.backend.DType;
import dev.descent.backend.ReduceOp;
import dev.descent.backend.StridedView;

/**
 * Reductions. The output has x's rank with reduced dims of size 1. Each output element reduces a "block" (the reduced
 * dims at a fixed kept index); blocks that are contiguous rows take the vector path, and reducing the leading dims of a
 * contiguous tensor (a bias gradient) accumulates whole rows instead.
 */
final class Reduce {
    private Reduce() {}

    static void reduce(ReduceOp op, StridedView x, StridedView out) {
        int rank = x.dim();
        int[] xs = x.sizes(), xst = x.strides();
        boolean[] reduced = new boolean[rank];
        int nReduced = 0;
        for (int d = 0; d < rank; d++) {
            reduced[d] = out.size(d) == 1 && xs[d] != 1;
            if (reduced[d]) nReduced++;
        }
        if (op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN) {
            argReduce(op == ReduceOp.ARGMAX, x, out, reduced);
            return;
        }
        if (x.dtype() == DType.FLOAT32
                && (op == ReduceOp.SUM || op == ReduceOp.MAX || op == ReduceOp.MIN)
                && leadingReduce(op, x, out, reduced, nReduced)) {
            return;
        }

        // Block geometry: the reduced dims (coalesced where contiguous), and the kept dims for the outer loop.
        Block block = Block.of(xs, xst, reduced);
        int[] keptSizes = new int[rank - nReduced], keptStrides = new int[rank - nReduced];
        for (int d = 0, k = 0; d < rank; d++) {
            if (!reduced[d]) {
                keptSizes[k] = xs[d];
                keptStrides[k++] = xst[d];
            }
        }
        int outN = out.numel();
        CpuStorage xsg = CpuBackend.storage(x), osg = CpuBackend.storage(out);
        int outOff = out.offset();
        long work = (long) outN * block.numel;
        int grain = Math.max(1, StridedLoop.GRAIN / Math.max(1, block.numel));
        if (x.dtype() == DType.FLOAT32 && out.dtype() == DType.FLOAT32) {
            float[] xa = xsg.f32(), oa = osg.f32();
            if (outN == 1 && block.contiguous() && work >= 2L * StridedLoop.GRAIN) {
                oa[outOff] = op == ReduceOp.SUM || op == ReduceOp.SUM_SQUARES
                        ? BlockedSum.sumParallel(xa, x.offset(), block.numel, op == ReduceOp.SUM_SQUARES)
                        : parallelExtremum(op == ReduceOp.MAX, xa, x.offset(), block.numel);
                return;
            }
            Parallel.range(outN, grain, (from, to) -> {
                for (int k = from; k < to; k++)
                    oa[outOff + k] = block.reduceF32(op, xa, x.offset() + keptOffset(k, keptSizes, keptStrides));
            });
        } else if (x.dtype().isFloatingPoint()) {
            Parallel.range(outN, grain, (from, to) -> {
                for (int k = from; k < to; k++)
                    osg.setDouble(
                            outOff + k,
                            block.reduceDouble(op, xsg, x.offset() + keptOffset(k, keptSizes, keptStrides)));
            });
        } else {
            Parallel.range(outN, grain, (from, to) -> {
                for (int k = from; k < to; k++)
                    osg.setLong(
                            outOff + k, block.reduceLong(op, xsg, x.offset() + keptOffset(k, keptSizes, keptStrides)));
            });
        }
    }

    private static float parallelExtremum(boolean max, float[] x, int off, int n) {
        int chunks = Parallel.THREADS;
        float[] partial = new float[chunks];
        Parallel.range(chunks, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                int s = (int) ((long) n * c / chunks), e = (int) ((long) n * (c + 1) / chunks);
                partial[c] = VectorF32.extremum(x, off + s, e - s, max);
            }
        });
        float r = partial[0];
        for (int c = 1; c < chunks; c++) r = max ? Math.max(r, partial[c]) : Math.min(r, partial[c]);
        return r;
    }

    /** x contiguous, reduced dims exactly the leading ones: out[j] = reduce_i x[i, j], accumulated row by row. */
    private static boolean leadingReduce(ReduceOp op, StridedView x, StridedView out, boolean[] reduced, int nReduced) {
        if (!x.isContiguous() || nReduced == 0) return false;
        int rank = x.dim(), lead = 0;
        while (lead < rank && (reduced[lead] || x.size(lead) == 1)) lead++;
        for (int d = lead; d < rank; d++) if (reduced[d]) return false;
        int rows = 1, cols = 1;
        for (int d = 0; d < lead; d++) rows *= x.size(d);
        for (int d = lead; d < rank; d++) cols *= x.size(d);
        if (cols < VectorF32.S.length() || rows < 2) return false;
        float[] xa = CpuBackend.storage(x).f32(), oa = CpuBackend.storage(out).f32();
        int xo = x.offset(), oo = out.offset();
        int rowCount = rows, width = cols;
        Parallel.range(cols, Math.max(VectorF32.S.length(), StridedLoop.GRAIN / rows), (from, to) -> {
            int n = to - from;
            if (op == ReduceOp.SUM && rowCount > ROW_BLOCK) {
                sumColumns(xa, xo + from, width, rowCount, n, oa, oo + from);
                return;
            }
            System.arraycopy(xa, xo + from, oa, oo + from, n);
            for (int r = 1; r < rowCount; r++) {
                int at = xo + r * width + from;
                if (op == ReduceOp.SUM) VectorF32.accumulate(oa, oo + from, xa, at, n);
                else VectorF32.accumulateExtremum(oa, oo + from, xa, at, n, op == ReduceOp.MAX);
            }
        });
        return true;
    }

    /** Rows summed into a column sum one after another, at most this many; the block sums are then added pairwise. */
    private static final int ROW_BLOCK = 16;

    /**
     * out[j] = sum over r of x[r * width + j] for j in [0, n): as {@link BlockedSum} does along a row, each block of
     * rows is summed on its own and the blocks are added pairwise, so a column of a million rows stays accurate. Each
     * column's additions do not depend on how the columns are split among threads.
     */
    private static void sumColumns(float[] x, int xo, int width, int rows, int n, float[] out, int oo) {
        int blocks = Math.ceilDiv(rows, ROW_BLOCK);
        float[] partial = new float[blocks * n];
        for (int b = 0; b < blocks; b++) {
            int r0 = b * ROW_BLOCK, r1 = Math.min(rows, r0 + ROW_BLOCK);
            System.arraycopy(x, xo + r0 * width, partial, b * n, n);
            for (int r = r0 + 1; r < r1; r++) VectorF32.accumulate(partial, b * n, x, xo + r * width, n);
        }
        for (int step = 1; step < blocks; step *= 2) {
            for (int b = 0; b + step < blocks; b += 2 * step)
                VectorF32.accumulate(partial, b * n, partial, (b + step) * n, n);
        }
        System.arraycopy(partial, 0, out, oo, n);
    }

    private static int keptOffset(int k, int[] sizes, int[] strides) {
        int off = 0;
        for (int d = sizes.length - 1; d >= 0; d--) {
            off += (k % sizes[d]) * strides[d];
            k /= sizes[d];
        }
        return off;
    }

    private static void argReduce(boolean max, StridedView x, StridedView out, boolean[] reduced) {
        int dim = -1;
        for (int d = 0; d < reduced.length; d++) if (reduced[d]) dim = d;
        if (dim < 0) {
            // The reduced dimension has size 1: every index is 0.
            java.util.Arrays.fill(CpuBackend.storage(out).i64(), out.offset(), out.offset() + out.numel(), 0L);
            return;
        }
        int len = x.size(dim), stride = x.stride(dim);
        int rank = x.dim();
        int[] keptSizes = new int[rank - 1], keptStrides = new int[rank - 1];
        for (int d = 0, k = 0; d < rank; d++) {
            if (d != dim) {
                keptSizes[k] = x.size(d);
                keptStrides[k++] = x.stride(d);
            }
        }
        CpuStorage xs = CpuBackend.storage(x);
        long[] o = CpuBackend.storage(out).i64();
        int outOff = out.offset();
        boolean f32 = x.dtype() == DType.FLOAT32;
        float[] xf = f32 ? xs.f32() : null;
        Parallel.range(out.numel(), Math.max(1, StridedLoop.GRAIN / Math.max(len, 1)), (from, to) -> {
            for (int k = from; k < to; k++) {
                int base = x.offset() + keptOffset(k, keptSizes, keptStrides);
                int best = 0;
                double bestV = f32 ? xf[base] : xs.getDouble(base);
                for (int i = 1; i < len && !Double.isNaN(bestV); i++) {
                    double v = f32 ? xf[base + i * stride] : xs.getDouble(base + i * stride);
                    if (Double.isNaN(v) || (max ? v > bestV : v < bestV)) {
                        best = i;
                        bestV = v;
                    }
                }
                o[outOff + k] = best;
            }
        });
    }

    /** The reduced dims at one kept index, coalesced: offsets of each inner row, and the row's length and stride. */
    private record Block(int[] rowOffsets, int rowLength, int rowStride, int numel) {
        static Block of(int[] sizes, int[] strides, boolean[] reduced) {
            int n = 0;
            for (boolean r : reduced) if (r) n++;
            int[] bs = new int[n], bt = new int[n];
            for (int d = 0, k = 0; d < sizes.length; d++) {
                if (reduced[d]) {
                    bs[k] = sizes[d];
                    bt[k++] = strides[d];
                }
            }
            // Merge neighbouring reduced dims that are contiguous with each other.
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (m > 0 && bt[m - 1] == bt[i] * bs[i]) {
                    bs[m - 1] *= bs[i];
                    bt[m - 1] = bt[i];
                } else {
                    bs[m] = bs[i];
                    bt[m++] = bt[i];
                }
            }
            if (m == 0) return new Block(new int[] {0}, 1, 1, 1);
            int rowLength = bs[m - 1], rowStride = bt[m - 1];
            int rows = 1;
            for (int i = 0; i < m - 1; i++) rows *= bs[i];
            int[] offsets = new int[rows];
            int[] idx = new int[m - 1];
            for (int r = 0; r < rows; r++) {
                int off = 0;
                for (int i = 0; i < m - 1; i++) off += idx[i] * bt[i];
                offsets[r] = off;
                for (int i = m - 2; i >= 0; i--) {
                    if (++idx[i] < bs[i]) break;
                    idx[i] = 0;
                }
            }
            return new Block(offsets, rowLength, rowStride, rows * rowLength);
        }

        boolean contiguous() {
            return rowOffsets.length == 1 && rowStride == 1;
        }

        float reduceF32(ReduceOp op, float[] x, int base) {
            if (op == ReduceOp.SUM || op == ReduceOp.SUM_SQUARES)
                return sumRows(op == ReduceOp.SUM_SQUARES, x, base, 0, rowOffsets.length);
            boolean max = op == ReduceOp.MAX;
            float acc = op == ReduceOp.PROD ? 1f : Float.NaN;
            boolean first = true;
            for (int r : rowOffsets) {
                int at = base + r;
                float v = rowStride == 1 && op != ReduceOp.PROD
                        ? VectorF32.extremum(x, at, rowLength, max)
                        : stridedRow(op, x, at, rowLength, rowStride);
                if (op == ReduceOp.PROD) acc *= v;
                else
                    acc = first
                            ? v
                            : (Float.isNaN(v) || Float.isNaN(acc))
                                    ? Float.NaN
                                    : max ? Math.max(acc, v) : Math.min(acc, v);
                first = false;
            }
            return acc;
        }

        /**
         * The rows' sums added pairwise, each row summed in blocks, so that many rows lose no more than one long one.
         */
        private float sumRows(boolean squares, float[] x, int base, int lo, int hi) {
            if (hi == lo) return 0f;
            if (hi - lo == 1) return BlockedSum.sum(x, base + rowOffsets[lo], rowLength, rowStride, squares);
            int mid = (lo + hi) >>> 1;
            return sumRows(squares, x, base, lo, mid) + sumRows(squares, x, base, mid, hi);
        }

        /** One strided row, with the op chosen once per row rather than per element. */
        private static float stridedRow(ReduceOp op, float[] x, int at, int n, int stride) {
            switch (op) {
                case PROD -> {
                    float v = 1f;
                    for (int i = 0; i < n; i++) v *= x[at + i * stride];
                    return v;
                }
                default -> {
                    // Math.max/min propagate NaN.
                    boolean max = op == ReduceOp.MAX;
                    float v = x[at];
                    for (int i = 1; i < n; i++) {
                        float e = x[at + i * stride];
                        v = max ? Math.max(v, e) : Math.min(v, e);
                    }
                    return v;
                }
            }
        }

        double reduceDouble(ReduceOp op, CpuStorage x, int base) {
            double acc = op == ReduceOp.SUM || op == ReduceOp.SUM_SQUARES
                    ? 0
                    : op == ReduceOp.PROD ? 1 : x.getDouble(base + rowOffsets[0]);
            for (int r : rowOffsets) {
                for (int i = 0; i < rowLength; i++) {
                    double e = x.getDouble(base + r + i * rowStride);
                    acc = switch (op) {
                        case SUM -> acc + e;
                        case SUM_SQUARES -> acc + e * e;
                        case PROD -> acc * e;
                        case MAX -> (Double.isNaN(e) || Double.isNaN(acc)) ? Double.NaN : Math.max(acc, e);
                        default -> (Double.isNaN(e) || Double.isNaN(acc)) ? Double.NaN : Math.min(acc, e);
                    };
                }
            }
            return acc;
        }

        long reduceLong(ReduceOp op, CpuStorage x, int base) {
            long acc = op == ReduceOp.SUM || op == ReduceOp.SUM_SQUARES
                    ? 0
                    : op == ReduceOp.PROD ? 1 : x.getLong(base + rowOffsets[0]);
            for (int r : rowOffsets) {
                for (int i = 0; i < rowLength; i++) {
                    long e = x.getLong(base + r + i * rowStride);
                    acc = switch (op) {
                        case SUM -> acc + e;
                        case SUM_SQUARES -> acc + e * e;
                        case PROD -> acc * e;
                        case MAX -> Math.max(acc, e);
                        default -> Math.min(acc, e);
                    };
                }
            }
            return acc;
        }
    }
}
