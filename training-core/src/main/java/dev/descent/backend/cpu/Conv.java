package dev.descent.backend.cpu;

import dev.descent.backend.ConvGeometry;
import dev.descent.backend.DType;
import dev.descent.backend.StridedView;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * im2col / col2im and max pooling over contiguous [N, C, H, W] tensors, parallel over (image, channel) planes, so no
 * two threads write the same element. float32 has direct loops; other dtypes go through the same window walk with
 * generic element access.
 */
final class Conv {
    private Conv() {}

    /** Source index of every column entry of one channel, or -1 where the window reads padding. */
    private static void windowRows(ConvGeometry g, int plane, int[] src, int ki, int kj) {
        int L = g.outW();
        for (int oy = 0; oy < g.outH(); oy++) {
            int iy = oy * g.sh() - g.ph() + ki * g.dh();
            for (int ox = 0; ox < L; ox++) {
                int ix = ox * g.sw() - g.pw() + kj * g.dw();
                src[oy * L + ox] = iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w() ? -1 : plane + iy * g.w() + ix;
            }
        }
    }

    /** One row of the column matrix: image-channel plane p, kernel offset (ki, kj), at colOffset in the columns. */
    @FunctionalInterface
    private interface WindowRow {
        void run(int p, int colOffset, int ki, int kj, int[] scratch);
    }

    /**
     * Visits every (plane, kernel offset) row of the column matrix, planes split across threads (no two share a plane).
     */
    private static void forEachWindowRow(ConvGeometry g, WindowRow row) {
        int cc = g.colCols();
        Parallel.range(
                g.n() * g.c(), Math.max(1, StridedLoop.GRAIN / Math.max(1, g.kh() * g.kw() * cc)), (from, to) -> {
                    int[] scratch = new int[cc];
                    for (int p = from; p < to; p++) {
                        int n = p / g.c(), c = p % g.c();
                        for (int ki = 0; ki < g.kh(); ki++) {
                            for (int kj = 0; kj < g.kw(); kj++) {
                                row.run(p, (n * g.colRows() + (c * g.kh() + ki) * g.kw() + kj) * cc, ki, kj, scratch);
                            }
                        }
                    }
                });
    }

    static void im2col(StridedView x, ConvGeometry g, StridedView cols) {
        int cc = g.colCols(), hw = g.h() * g.w();
        int xo = x.offset(), co = cols.offset();
        CpuStorage xs = CpuBackend.storage(x), cs = CpuBackend.storage(cols);
        boolean f32 = x.dtype() == DType.FLOAT32, unit = g.sw() == 1 && g.dw() == 1;
        forEachWindowRow(g, (p, colOffset, ki, kj, src) -> {
            int dst = co + colOffset;
            if (f32 && unit) {
                rowsF32Unit(g, xs.f32(), xo + p * hw, cs.f32(), dst, ki, kj);
                return;
            }
            windowRows(g, xo + p * hw, src, ki, kj);
            if (f32) {
                float[] xa = xs.f32(), ca = cs.f32();
                for (int i = 0; i < cc; i++) ca[dst + i] = src[i] < 0 ? 0f : xa[src[i]];
            } else {
                for (int i = 0; i < cc; i++) cs.setDouble(dst + i, src[i] < 0 ? 0 : xs.getDouble(src[i]));
            }
        });
    }

    /** Stride-1, undilated columns: each output row is a shifted copy of an input row, padded with zeros. */
    private static void rowsF32Unit(ConvGeometry g, float[] x, int plane, float[] cols, int dst, int ki, int kj) {
        int ow = g.outW();
        int ixStart = -g.pw() + kj;
        int lo = Math.max(0, -ixStart), hi = Math.min(ow, g.w() - ixStart);
        for (int oy = 0; oy < g.outH(); oy++) {
            int iy = oy * g.sh() - g.ph() + ki * g.dh();
            int d = dst + oy * ow;
            if (iy < 0 || iy >= g.h() || hi <= lo) {
                java.util.Arrays.fill(cols, d, d + ow, 0f);
                continue;
            }
            if (lo > 0) java.util.Arrays.fill(cols, d, d + lo, 0f);
            System.arraycopy(x, plane + iy * g.w() + ixStart + lo, cols, d + lo, hi - lo);
            if (hi < ow) java.util.Arrays.fill(cols, d + hi, d + ow, 0f);
        }
    }

    /** The transpose of {@link #rowsF32Unit}: each column row is added, as one vector row, into a shifted input row. */
    private static void addRowsF32Unit(ConvGeometry g, float[] cols, int src, float[] x, int plane, int ki, int kj) {
        int ow = g.outW();
        int ixStart = -g.pw() + kj;
        int lo = Math.max(0, -ixStart), hi = Math.min(ow, g.w() - ixStart);
        if (hi <= lo) return;
        for (int oy = 0; oy < g.outH(); oy++) {
            int iy = oy * g.sh() - g.ph() + ki * g.dh();
            if (iy < 0 || iy >= g.h()) continue;
            VectorF32.accumulate(x, plane + iy * g.w() + ixStart + lo, cols, src + oy * ow + lo, hi - lo);
        }
    }

    static void col2im(StridedView cols, ConvGeometry g, StridedView x) {
        int cc = g.colCols(), hw = g.h() * g.w();
        int xo = x.offset(), co = cols.offset();
        CpuStorage xs = CpuBackend.storage(x), cs = CpuBackend.storage(cols);
        boolean f32 = x.dtype() == DType.FLOAT32, unit = g.sw() == 1 && g.dw() == 1;
        forEachWindowRow(g, (p, colOffset, ki, kj, src) -> {
            int from = co + colOffset;
            if (f32 && unit) {
                addRowsF32Unit(g, cs.f32(), from, xs.f32(), xo + p * hw, ki, kj);
                return;
            }
            windowRows(g, xo + p * hw, src, ki, kj);
            if (f32) {
                float[] xa = xs.f32(), ca = cs.f32();
                for (int i = 0; i < cc; i++) if (src[i] >= 0) xa[src[i]] += ca[from + i];
            } else {
                for (int i = 0; i < cc; i++)
                    if (src[i] >= 0) xs.setDouble(src[i], xs.getDouble(src[i]) + cs.getDouble(from + i));
            }
        });
    }

    static void maxPool2d(StridedView x, ConvGeometry g, StridedView out, StridedView indices) {
        int planes = g.n() * g.c(), hw = g.h() * g.w(), ohw = g.outH() * g.outW();
        int xo = x.offset(), oo = out.offset(), io = indices.offset();
        CpuStorage xs = CpuBackend.storage(x), os = CpuBackend.storage(out);
        long[] idx = CpuBackend.storage(indices).i64();
        int grain = Math.max(1, StridedLoop.GRAIN / Math.max(1, ohw * g.kh() * g.kw()));
        if (x.dtype() == DType.FLOAT32 && insideInput(g) && ohw >= VectorF32.S.length()) {
            float[] xf = xs.f32(), of = os.f32();
            int[] origins = new int[ohw], taps = new int[g.kh() * g.kw()];
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) origins[oy * g.outW() + ox] = oy * g.sh() * g.w() + ox * g.sw();
            }
            for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++) taps[ki * g.kw() + kj] = ki * g.dh() * g.w() + kj * g.dw();
            }
            Parallel.range(planes, grain, (from, to) -> {
                float[] lanes = new float[VectorF32.S.length()];
                for (int p = from; p < to; p++)
                    poolPlaneGathered(xf, xo + p * hw, origins, taps, of, oo + p * ohw, idx, io + p * ohw, lanes);
            });
            return;
        }
        if (x.dtype() == DType.FLOAT32) {
            float[] xf = xs.f32(), of = os.f32();
            Window rows = Window.of(g.outH(), g.kh(), g.sh(), g.ph(), g.dh(), g.h());
            Window cols = Window.of(g.outW(), g.kw(), g.sw(), g.pw(), g.dw(), g.w());
            Parallel.range(planes, grain, (from, to) -> {
                for (int p = from; p < to; p++)
                    poolPlaneF32(g, rows, cols, xf, xo + p * hw, of, oo + p * ohw, idx, io + p * ohw);
            });
            return;
        }
        Parallel.range(planes, grain, (from, to) -> {
            for (int p = from; p < to; p++) {
                int plane = xo + p * hw;
                for (int oy = 0; oy < g.outH(); oy++) {
                    for (int ox = 0; ox < g.outW(); ox++) {
                        double best = Double.NEGATIVE_INFINITY;
                        int bestAt = -1;
                        for (int ki = 0; ki < g.kh(); ki++) {
                            int iy = oy * g.sh() - g.ph() + ki * g.dh();
                            if (iy < 0 || iy >= g.h()) continue;
                            for (int kj = 0; kj < g.kw(); kj++) {
                                int ix = ox * g.sw() - g.pw() + kj * g.dw();
                                if (ix < 0 || ix >= g.w()) continue;
                                int at = iy * g.w() + ix;
                                double v = xs.getDouble(plane + at);
                                if (bestAt < 0 || v > best || Double.isNaN(v)) {
                                    best = v;
                                    bestAt = at;
                                    if (Double.isNaN(v)) break;
                                }
                            }
                        }
                        int o = p * ohw + oy * g.outW() + ox;
                        os.setDouble(oo + o, best);
                        idx[io + o] = bestAt;
                    }
                }
            }
        });
    }

    /** Whether every window lies wholly inside the input (no padding, no ceil-mode overhang). */
    private static boolean insideInput(ConvGeometry g) {
        return g.ph() == 0
                && g.pw() == 0
                && (g.outH() - 1) * g.sh() + (g.kh() - 1) * g.dh() < g.h()
                && (g.outW() - 1) * g.sw() + (g.kw() - 1) * g.dw() < g.w();
    }

    /**
     * One float32 plane, eight outputs at a time: each window tap is a gather (origins[o] + tap), and the running
     * maximum and its position are kept with compare-and-blend. Which element wins is data, and branching on it
     * mispredicts about once per output - several times the cost of the gathers.
     */
    private static void poolPlaneGathered(
            float[] x,
            int plane,
            int[] origins,
            int[] taps,
            float[] out,
            int outOff,
            long[] idx,
            int idxOff,
            float[] lanes) {
        int n = origins.length, vl = VectorF32.S.length();
        int o = 0;
        for (; o + vl <= n; o += vl) {
            FloatVector best = FloatVector.fromArray(VectorF32.S, x, plane + taps[0], origins, o);
            // The tap that won, as a float (exact) blended under the same mask as the value: no mask conversion.
            FloatVector bestTap = FloatVector.zero(VectorF32.S);
            for (int t = 1; t < taps.length; t++) {
                FloatVector v = FloatVector.fromArray(VectorF32.S, x, plane + taps[t], origins, o);
                // Not (v <= best) takes a larger value or a NaN; a NaN best stays (the first NaN wins, as in PyTorch)
                // and a tie keeps the first maximum.
                VectorMask<Float> take =
                        v.compare(VectorOperators.LE, best).not().andNot(best.test(VectorOperators.IS_NAN));
                best = best.blend(v, take);
                bestTap = bestTap.blend((float) t, take);
            }
            best.intoArray(out, outOff + o);
            bestTap.intoArray(lanes, 0);
            for (int l = 0; l < vl; l++) idx[idxOff + o + l] = (long) origins[o + l] + taps[(int) lanes[l]];
        }
        for (; o < n; o++) {
            float best = x[plane + origins[o] + taps[0]];
            int bestAt = origins[o] + taps[0];
            for (int t = 1; t < taps.length && !Float.isNaN(best); t++) {
                float v = x[plane + origins[o] + taps[t]];
                if (v > best || Float.isNaN(v)) {
                    best = v;
                    bestAt = origins[o] + taps[t];
                }
            }
            out[outOff + o] = best;
            idx[idxOff + o] = bestAt;
        }
    }

    /**
     * The clipped window along one axis: for output position o, kernel taps [lo[o], hi[o]) fall inside the input,
     * starting at input coordinate start[o]. Computed once per call, not per element.
     */
    private record Window(int[] start, int[] lo, int[] hi, int dilation) {
        static Window of(int out, int k, int stride, int pad, int dilation, int size) {
            int[] start = new int[out], lo = new int[out], hi = new int[out];
            for (int o = 0; o < out; o++) {
                int s = o * stride - pad;
                start[o] = s;
                lo[o] = s >= 0 ? 0 : Math.ceilDiv(-s, dilation);
                hi[o] = Math.max(lo[o], Math.min(k, Math.ceilDiv(size - s, dilation)));
            }
            return new Window(start, lo, hi, dilation);
        }
    }

    private static void poolPlaneF32(
            ConvGeometry g,
            Window rows,
            Window cols,
            float[] x,
            int plane,
            float[] out,
            int outOff,
            long[] idx,
            int idxOff) {
        int w = g.w(), outW = g.outW(), dh = rows.dilation(), dw = cols.dilation();
        for (int oy = 0; oy < g.outH(); oy++) {
            int y0 = rows.start()[oy], kiLo = rows.lo()[oy], kiHi = rows.hi()[oy];
            for (int ox = 0; ox < outW; ox++) {
                int x0 = cols.start()[ox], kjLo = cols.lo()[ox], kjHi = cols.hi()[ox];
                float best = Float.NEGATIVE_INFINITY;
                int bestAt = -1;
                if (kiLo < kiHi && kjLo < kjHi) {
                    bestAt = (y0 + kiLo * dh) * w + x0 + kjLo * dw;
                    best = x[plane + bestAt];
                    search:
                    for (int ki = kiLo; ki < kiHi; ki++) {
                        int row = (y0 + ki * dh) * w + x0;
                        for (int kj = kjLo; kj < kjHi; kj++) {
                            int at = row + kj * dw;
                            float v = x[plane + at];
                            if (Float.isNaN(v) || Float.isNaN(best)) {
                                // NaN propagates, as in PyTorch: the first NaN wins.
                                if (!Float.isNaN(best)) {
                                    best = v;
                                    bestAt = at;
                                }
                                break search;
                            }
                            // Selects rather than branches: which element wins is data, and unpredictable.
                            boolean take = v > best;
                            best = take ? v : best;
                            bestAt = take ? at : bestAt;
                        }
                    }
                }
                out[outOff + oy * outW + ox] = best;
                idx[idxOff + oy * outW + ox] = bestAt;
            }
        }
    }
}
