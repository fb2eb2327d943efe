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
        boolean f32 = x.dtype() == DType.FLOAT32;
        float[] xf = f32 ? xs.f32() : null, of = f32 ? os.f32() : null;
        Parallel.range(planes, Math.max(1, StridedLoop.GRAIN / Math.max(1, ohw * g.kh() * g.kw())), (from, to) -> {
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
                                double v = f32 ? xf[plane + at] : xs.getDouble(plane + at);
                                if (bestAt < 0 || v > best || v != v) {
                                    best = v;
                                    bestAt = at;
                                    if (v != v) break;
                                }
                            }
                        }
                        int o = p * ohw + oy * g.outW() + ox;
                        if (f32) of[oo + o] = (float) best;
                        else os.setDouble(oo + o, best);
                        idx[io + o] = bestAt;
                    }
                }
            }
        });
    }
}
