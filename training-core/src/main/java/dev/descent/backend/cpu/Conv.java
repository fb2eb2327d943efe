package dev.descent.backend.cpu;

import dev.descent.backend.ConvGeometry;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

/**
 * im2col / col2im and max pooling over contiguous [N, C, H, W] tensors, parallel over (image, channel)
 * planes, so no two threads write the same element. float32 has direct loops; other dtypes go through
 * the same window walk with generic element access.
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

    static void im2col(Tensor x, ConvGeometry g, Tensor cols) {
        int planes = g.n() * g.c(), kk = g.kh() * g.kw(), cc = g.colCols(), hw = g.h() * g.w();
        int xo = x.offset(), co = cols.offset();
        CpuStorage xs = CpuBackend.storage(x), cs = CpuBackend.storage(cols);
        boolean f32 = x.dtype() == DType.FLOAT32;
        Parallel.range(planes, Math.max(1, StridedLoop.GRAIN / Math.max(1, kk * cc)), (from, to) -> {
            int[] src = new int[cc];
            for (int p = from; p < to; p++) {
                int n = p / g.c(), c = p % g.c();
                for (int ki = 0; ki < g.kh(); ki++) {
                    for (int kj = 0; kj < g.kw(); kj++) {
                        int row = (c * g.kh() + ki) * g.kw() + kj;
                        int dst = co + (n * g.colRows() + row) * cc;
                        if (f32 && g.sw() == 1 && g.dw() == 1) {
                            rowsF32Unit(g, xs.f32(), xo + p * hw, cs.f32(), dst, ki, kj);
                            continue;
                        }
                        windowRows(g, xo + p * hw, src, ki, kj);
                        if (f32) {
                            float[] xa = xs.f32(), ca = cs.f32();
                            for (int i = 0; i < cc; i++) ca[dst + i] = src[i] < 0 ? 0f : xa[src[i]];
                        } else {
                            for (int i = 0; i < cc; i++) cs.setDouble(dst + i, src[i] < 0 ? 0 : xs.getDouble(src[i]));
                        }
                    }
                }
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

    static void col2im(Tensor cols, ConvGeometry g, Tensor x) {
        int planes = g.n() * g.c(), cc = g.colCols(), hw = g.h() * g.w();
        int xo = x.offset(), co = cols.offset();
        CpuStorage xs = CpuBackend.storage(x), cs = CpuBackend.storage(cols);
        boolean f32 = x.dtype() == DType.FLOAT32;
        Parallel.range(planes, Math.max(1, StridedLoop.GRAIN / Math.max(1, g.kh() * g.kw() * cc)), (from, to) -> {
            int[] src = new int[cc];
            for (int p = from; p < to; p++) {
                int n = p / g.c(), c = p % g.c();
                for (int ki = 0; ki < g.kh(); ki++) {
                    for (int kj = 0; kj < g.kw(); kj++) {
                        int row = (c * g.kh() + ki) * g.kw() + kj;
                        int from2 = co + (n * g.colRows() + row) * cc;
                        if (f32 && g.sw() == 1 && g.dw() == 1) {
                            addRowsF32Unit(g, cs.f32(), from2, xs.f32(), xo + p * hw, ki, kj);
                            continue;
                        }
                        windowRows(g, xo + p * hw, src, ki, kj);
                        if (f32) {
                            float[] xa = xs.f32(), ca = cs.f32();
                            for (int i = 0; i < cc; i++) if (src[i] >= 0) xa[src[i]] += ca[from2 + i];
                        } else {
                            for (int i = 0; i < cc; i++) if (src[i] >= 0) xs.setDouble(src[i], xs.getDouble(src[i]) + cs.getDouble(from2 + i));
                        }
                    }
                }
            }
        });
    }

    static void maxPool2d(Tensor x, ConvGeometry g, Tensor out, Tensor indices) {
        int planes = g.n() * g.c(), hw = g.h() * g.w(), ohw = g.outH() * g.outW();
        int xo = x.offset(), oo = out.offset(), io = indices.offset();
        CpuStorage xs = CpuBackend.storage(x), os = CpuBackend.storage(out);
        long[] idx = CpuBackend.storage(indices).i64();
        int grain = Math.max(1, StridedLoop.GRAIN / Math.max(1, ohw * g.kh() * g.kw()));
        if (x.dtype() == DType.FLOAT32) {
            float[] xf = xs.f32(), of = os.f32();
            Parallel.range(planes, grain, (from, to) -> {
                for (int p = from; p < to; p++) poolPlaneF32(g, xf, xo + p * hw, of, oo + p * ohw, idx, io + p * ohw);
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
                                if (bestAt < 0 || v > best || v != v) {
                                    best = v;
                                    bestAt = at;
                                    if (v != v) break;
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

    /** One float32 plane: the window bounds are clipped once per output row and column, not tested per element. */
    private static void poolPlaneF32(ConvGeometry g, float[] x, int plane, float[] out, int outOff, long[] idx, int idxOff) {
        int w = g.w();
        for (int oy = 0; oy < g.outH(); oy++) {
            int y0 = oy * g.sh() - g.ph();
            int kiLo = y0 >= 0 ? 0 : Math.ceilDiv(-y0, g.dh());
            int kiHi = Math.min(g.kh(), Math.ceilDiv(g.h() - y0, g.dh()));
            for (int ox = 0; ox < g.outW(); ox++) {
                int x0 = ox * g.sw() - g.pw();
                int kjLo = x0 >= 0 ? 0 : Math.ceilDiv(-x0, g.dw());
                int kjHi = Math.min(g.kw(), Math.ceilDiv(w - x0, g.dw()));
                float best = Float.NEGATIVE_INFINITY;
                int bestAt = -1;
                search:
                for (int ki = kiLo; ki < kiHi; ki++) {
                    int row = (y0 + ki * g.dh()) * w;
                    for (int kj = kjLo; kj < kjHi; kj++) {
                        int at = row + x0 + kj * g.dw();
                        float v = x[plane + at];
                        if (v != v) {
                            // NaN propagates, as in PyTorch.
                            best = v;
                            bestAt = at;
                            break search;
                        }
                        if (v > best || bestAt < 0) {
                            best = v;
                            bestAt = at;
                        }
                    }
                }
                int o = oy * g.outW() + ox;
                out[outOff + o] = best;
                idx[idxOff + o] = bestAt;
            }
        }
    }
}
