package dev.descent.backend.cpu;

import dev.descent.backend.BinaryOp;
import dev.descent.backend.DType;
import dev.descent.backend.StridedView;
import dev.descent.backend.TernaryOp;
import dev.descent.backend.UnaryOp;

/**
 * Elementwise kernels. float32 runs on vector rows: contiguous operands and broadcast scalars directly, other strides
 * staged through a small per-thread buffer so they vectorise too. Operands that are all contiguous (or scalars) skip
 * the strided iterator altogether - on the 250-element vectors of a batch-size-1 network that bookkeeping cost more
 * than the arithmetic. Other dtypes take scalar loops.
 */
final class Elementwise {
    /** Elements staged per pass for strided operands: a few KiB, so the staging stays in L1. */
    private static final int STAGE = 1024;

    private static final ThreadLocal<float[][]> STAGING =
            ThreadLocal.withInitial(() -> new float[][] {new float[STAGE], new float[STAGE], new float[STAGE]});

    private Elementwise() {}

    /** 1 for a contiguous tensor, 0 for a broadcast scalar (every dimension of size > 1 has stride 0), else -1. */
    static int flatStride(StridedView t) {
        if (t.isContiguous()) return 1;
        for (int d = 0, rank = t.dim(); d < rank; d++) {
            if (t.size(d) > 1 && t.stride(d) != 0) return -1;
        }
        return 0;
    }

    /** Runs body over [0, n), split across threads only when n reaches the grain. */
    static void flat(int n, Parallel.Range body) {
        if (n <= 0) return;
        if (n < StridedLoop.GRAIN) body.run(0, n);
        else Parallel.range(n, StridedLoop.GRAIN, body);
    }

    // ---- ternary --------------------------------------------------------------------------------

    static void ternary(
            TernaryOp op,
            StridedView a,
            StridedView b,
            StridedView c,
            StridedView out,
            double alpha,
            double beta,
            double gamma) {
        if (out.dtype() == DType.FLOAT32
                && a.dtype() == DType.FLOAT32
                && b.dtype() == DType.FLOAT32
                && c.dtype() == DType.FLOAT32
                && out.isContiguous()
                && flatStride(a) == 1
                && flatStride(b) >= 0
                && flatStride(c) >= 0) {
            float[] aa = CpuBackend.storage(a).f32(),
                    ba = CpuBackend.storage(b).f32(),
                    ca = CpuBackend.storage(c).f32(),
                    oa = CpuBackend.storage(out).f32();
            int ao = a.offset(),
                    bo = b.offset(),
                    co = c.offset(),
                    oo = out.offset(),
                    sb = flatStride(b),
                    sc = flatStride(c);
            float fa = (float) alpha, fb = (float) beta, fg = (float) gamma;
            flat(out.numel(), (from, to) -> {
                int n = to - from;
                int done = VectorF32.ternary(
                        op,
                        aa,
                        ao + from,
                        ba,
                        bo + from * sb,
                        sb,
                        ca,
                        co + from * sc,
                        sc,
                        oa,
                        oo + from,
                        n,
                        fa,
                        fb,
                        fg);
                for (int i = done; i < n; i++) {
                    oa[oo + from + i] = Scalar.ternaryF32(
                            op, aa[ao + from + i], ba[bo + (from + i) * sb], ca[co + (from + i) * sc], fa, fb, fg);
                }
            });
            return;
        }
        CpuStorage as = CpuBackend.storage(a),
                bs = CpuBackend.storage(b),
                cs = CpuBackend.storage(c),
                os = CpuBackend.storage(out);
        StridedLoop loop = StridedLoop.of(out, a, b, c);
        int so = loop.inner[0], sa = loop.inner[1], sb = loop.inner[2], sc = loop.inner[3];
        loop.run((off, n) -> {
            for (int i = 0; i < n; i++) {
                double v = Scalar.ternary(
                        op,
                        as.getDouble(off[1] + i * sa),
                        bs.getDouble(off[2] + i * sb),
                        cs.getDouble(off[3] + i * sc),
                        alpha,
                        beta,
                        gamma);
                os.setDouble(off[0] + i * so, v);
            }
        });
    }

    // ---- unary ----------------------------------------------------------------------------------

    static void unary(UnaryOp op, StridedView x, StridedView out, double p, double q) {
        CpuStorage xs = CpuBackend.storage(x), os = CpuBackend.storage(out);
        if (x.dtype() == DType.FLOAT32 && out.dtype() == DType.FLOAT32) {
            float[] xa = xs.f32(), oa = os.f32();
            int sx = flatStride(x);
            if (out.isContiguous() && sx >= 0) {
                int xo = x.offset(), oo = out.offset();
                flat(
                        out.numel(),
                        (from, to) -> unaryF32(op, xa, xo + from * sx, sx, oa, oo + from, 1, to - from, p, q));
                return;
            }
            StridedLoop loop = StridedLoop.of(out, x);
            int so = loop.inner[0], sxi = loop.inner[1];
            loop.run((off, n) -> unaryF32(op, xa, off[1], sxi, oa, off[0], so, n, p, q));
        } else if (x.dtype() == DType.FLOAT64 && out.dtype() == DType.FLOAT64) {
            double[] xa = xs.f64(), oa = os.f64();
            StridedLoop loop = StridedLoop.of(out, x);
            int so = loop.inner[0], sx = loop.inner[1];
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) oa[off[0] + i * so] = Scalar.unary(op, xa[off[1] + i * sx], p, q);
            });
        } else if (x.dtype().isFloatingPoint()) {
            StridedLoop loop = StridedLoop.of(out, x);
            int so = loop.inner[0], sx = loop.inner[1];
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++)
                    os.setDouble(off[0] + i * so, Scalar.unary(op, xs.getDouble(off[1] + i * sx), p, q));
            });
        } else {
            StridedLoop loop = StridedLoop.of(out, x);
            int so = loop.inner[0], sx = loop.inner[1];
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++)
                    os.setLong(off[0] + i * so, Scalar.unaryLong(op, xs.getLong(off[1] + i * sx), p, q));
            });
        }
    }

    /** One float32 row of a unary op: vectorised when x's stride is 0 or 1 and out's is 1, else staged. */
    private static void unaryF32(
            UnaryOp op, float[] x, int xo, int sx, float[] o, int oo, int so, int n, double p, double q) {
        if (sx == 0) {
            // A broadcast scalar: one evaluation, then a fill.
            float v = Scalar.unaryF32(op, x[xo], p, q);
            if (so == 1) java.util.Arrays.fill(o, oo, oo + n, v);
            else for (int i = 0; i < n; i++) o[oo + i * so] = v;
            return;
        }
        if (sx == 1 && so == 1) {
            int i = VectorF32.unary(op, x, xo, o, oo, n, (float) p, (float) q);
            for (; i < n; i++) o[oo + i] = Scalar.unaryF32(op, x[xo + i], p, q);
            return;
        }
        if (n < VectorF32.S.length() || !VectorF32.hasUnary(op)) {
            for (int i = 0; i < n; i++) o[oo + i * so] = Scalar.unaryF32(op, x[xo + i * sx], p, q);
            return;
        }
        float[][] st = STAGING.get();
        for (int start = 0; start < n; start += STAGE) {
            int len = Math.min(STAGE, n - start);
            float[] xs = gather(x, xo + start * sx, sx, len, st[0]);
            int xso = xs == x ? xo + start * sx : 0;
            float[] dst = so == 1 ? o : st[2];
            int dso = so == 1 ? oo + start : 0;
            int i = VectorF32.unary(op, xs, xso, dst, dso, len, (float) p, (float) q);
            for (; i < len; i++) dst[dso + i] = Scalar.unaryF32(op, xs[xso + i], p, q);
            if (so != 1) scatter(st[2], o, oo + start * so, so, len);
        }
    }

    // ---- binary ---------------------------------------------------------------------------------

    static void binary(BinaryOp op, StridedView a, StridedView b, StridedView out, double alpha) {
        CpuStorage as = CpuBackend.storage(a), bs = CpuBackend.storage(b), os = CpuBackend.storage(out);
        DType dt = a.dtype();
        if (dt == DType.FLOAT32 && out.dtype() == DType.FLOAT32) {
            float[] aa = as.f32(), ba = bs.f32(), oa = os.f32();
            int sa = flatStride(a), sb = flatStride(b);
            if (out.isContiguous() && sa >= 0 && sb >= 0) {
                int ao = a.offset(), bo = b.offset(), oo = out.offset();
                flat(
                        out.numel(),
                        (from, to) -> binaryF32(
                                op,
                                aa,
                                ao + from * sa,
                                sa,
                                ba,
                                bo + from * sb,
                                sb,
                                oa,
                                oo + from,
                                1,
                                to - from,
                                alpha));
                return;
            }
            StridedLoop loop = StridedLoop.of(out, a, b);
            int so = loop.inner[0], sai = loop.inner[1], sbi = loop.inner[2];
            loop.run((off, n) -> binaryF32(op, aa, off[1], sai, ba, off[2], sbi, oa, off[0], so, n, alpha));
        } else if (dt == DType.FLOAT32 && out.dtype() == DType.BOOL) {
            float[] aa = as.f32(), ba = bs.f32();
            byte[] oa = os.bytes();
            StridedLoop loop = StridedLoop.of(out, a, b);
            int so = loop.inner[0], sa = loop.inner[1], sb = loop.inner[2];
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++)
                    oa[off[0] + i * so] = (byte) Scalar.binary(op, aa[off[1] + i * sa], ba[off[2] + i * sb], 0);
            });
        } else if (dt == DType.FLOAT64 && out.dtype() == DType.FLOAT64) {
            double[] aa = as.f64(), ba = bs.f64(), oa = os.f64();
            StridedLoop loop = StridedLoop.of(out, a, b);
            int so = loop.inner[0], sa = loop.inner[1], sb = loop.inner[2];
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++)
                    oa[off[0] + i * so] = Scalar.binary(op, aa[off[1] + i * sa], ba[off[2] + i * sb], alpha);
            });
        } else if (dt.isFloatingPoint()) {
            StridedLoop loop = StridedLoop.of(out, a, b);
            int so = loop.inner[0], sa = loop.inner[1], sb = loop.inner[2];
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) {
                    os.setDouble(
                            off[0] + i * so,
                            Scalar.binary(op, as.getDouble(off[1] + i * sa), bs.getDouble(off[2] + i * sb), alpha));
                }
            });
        } else if (dt == DType.INT64 && out.dtype() == DType.INT64) {
            long[] aa = as.i64(), ba = bs.i64(), oa = os.i64();
            StridedLoop loop = StridedLoop.of(out, a, b);
            int so = loop.inner[0], sa = loop.inner[1], sb = loop.inner[2];
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++)
                    oa[off[0] + i * so] = Scalar.binaryLong(op, aa[off[1] + i * sa], ba[off[2] + i * sb], alpha);
            });
        } else {
            StridedLoop loop = StridedLoop.of(out, a, b);
            int so = loop.inner[0], sa = loop.inner[1], sb = loop.inner[2];
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) {
                    os.setLong(
                            off[0] + i * so,
                            Scalar.binaryLong(op, as.getLong(off[1] + i * sa), bs.getLong(off[2] + i * sb), alpha));
                }
            });
        }
    }

    /**
     * One float32 row of a binary op. Strides 0 (broadcast) and 1 go straight to the vector loop; any other stride is
     * gathered into a staging buffer first (and a strided output scattered after).
     */
    private static void binaryF32(
            BinaryOp op,
            float[] a,
            int ao,
            int sa,
            float[] b,
            int bo,
            int sb,
            float[] o,
            int oo,
            int so,
            int n,
            double alpha) {
        float fAlpha = (float) alpha;
        if (so == 1 && (sa == 0 || sa == 1) && (sb == 0 || sb == 1)) {
            int i = VectorF32.binary(op, a, ao, sa, b, bo, sb, o, oo, n, fAlpha);
            for (; i < n; i++) o[oo + i] = Scalar.binaryF32(op, a[ao + i * sa], b[bo + i * sb], alpha);
            return;
        }
        if (n < VectorF32.S.length() || !VectorF32.hasBinary(op)) {
            for (int i = 0; i < n; i++) o[oo + i * so] = Scalar.binaryF32(op, a[ao + i * sa], b[bo + i * sb], alpha);
            return;
        }
        float[][] st = STAGING.get();
        for (int start = 0; start < n; start += STAGE) {
            int len = Math.min(STAGE, n - start);
            float[] av = sa > 1 || sa < 0 ? gather(a, ao + start * sa, sa, len, st[0]) : a;
            int avo = av == a ? ao + start * sa : 0, avs = av == a ? sa : 1;
            float[] bv = sb > 1 || sb < 0 ? gather(b, bo + start * sb, sb, len, st[1]) : b;
            int bvo = bv == b ? bo + start * sb : 0, bvs = bv == b ? sb : 1;
            float[] dst = so == 1 ? o : st[2];
            int dso = so == 1 ? oo + start : 0;
            int i = VectorF32.binary(op, av, avo, avs, bv, bvo, bvs, dst, dso, len, fAlpha);
            for (; i < len; i++) dst[dso + i] = Scalar.binaryF32(op, av[avo + i * avs], bv[bvo + i * bvs], alpha);
            if (so != 1) scatter(st[2], o, oo + start * so, so, len);
        }
    }

    /** x's strided elements packed into buf (x itself when already contiguous). */
    private static float[] gather(float[] x, int xo, int sx, int n, float[] buf) {
        if (sx == 1) return x;
        for (int i = 0; i < n; i++) buf[i] = x[xo + i * sx];
        return buf;
    }

    private static void scatter(float[] buf, float[] o, int oo, int so, int n) {
        for (int i = 0; i < n; i++) o[oo + i * so] = buf[i];
    }

    // ---- where, copy, fill ----------------------------------------------------------------------

    static void where(StridedView cond, StridedView a, StridedView b, StridedView out) {
        CpuStorage cs = CpuBackend.storage(cond),
                as = CpuBackend.storage(a),
                bs = CpuBackend.storage(b),
                os = CpuBackend.storage(out);
        StridedLoop loop = StridedLoop.of(out, cond, a, b);
        int so = loop.inner[0], sc = loop.inner[1], sa = loop.inner[2], sb = loop.inner[3];
        byte[] c = cs.bytes();
        if (out.dtype() == DType.FLOAT32) {
            float[] aa = as.f32(), ba = bs.f32(), oa = os.f32();
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++)
                    oa[off[0] + i * so] = c[off[1] + i * sc] != 0 ? aa[off[2] + i * sa] : ba[off[3] + i * sb];
            });
        } else if (out.dtype() == DType.FLOAT64) {
            double[] aa = as.f64(), ba = bs.f64(), oa = os.f64();
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++)
                    oa[off[0] + i * so] = c[off[1] + i * sc] != 0 ? aa[off[2] + i * sa] : ba[off[3] + i * sb];
            });
        } else if (out.dtype().isFloatingPoint()) {
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) {
                    os.setDouble(
                            off[0] + i * so,
                            c[off[1] + i * sc] != 0 ? as.getDouble(off[2] + i * sa) : bs.getDouble(off[3] + i * sb));
                }
            });
        } else {
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) {
                    os.setLong(
                            off[0] + i * so,
                            c[off[1] + i * sc] != 0 ? as.getLong(off[2] + i * sa) : bs.getLong(off[3] + i * sb));
                }
            });
        }
    }

    static void copy(StridedView src, StridedView dst) {
        CpuStorage ss = CpuBackend.storage(src), ds = CpuBackend.storage(dst);
        DType from = src.dtype(), to = dst.dtype();
        if (from == to && src.isContiguous() && dst.isContiguous()) {
            Object s = ss.data, d = ds.data;
            int so = src.offset(), dOff = dst.offset();
            flat(dst.numel(), (lo, hi) -> System.arraycopy(s, so + lo, d, dOff + lo, hi - lo));
            return;
        }
        StridedLoop loop = StridedLoop.of(dst, src);
        int sd = loop.inner[0], sss = loop.inner[1];
        if (from == to && sd == 1 && sss == 1) {
            Object s = ss.data, d = ds.data;
            loop.run((off, n) -> System.arraycopy(s, off[1], d, off[0], n));
        } else if (from == DType.FLOAT32 && to == DType.FLOAT32) {
            float[] s = ss.f32(), d = ds.f32();
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) d[off[0] + i * sd] = s[off[1] + i * sss];
            });
        } else if (from == DType.FLOAT32 && to == DType.FLOAT64) {
            float[] s = ss.f32();
            double[] d = ds.f64();
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) d[off[0] + i * sd] = s[off[1] + i * sss];
            });
        } else if (from == DType.FLOAT64 && to == DType.FLOAT32) {
            double[] s = ss.f64();
            float[] d = ds.f32();
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) d[off[0] + i * sd] = (float) s[off[1] + i * sss];
            });
        } else if (from == DType.FLOAT64 && to == DType.FLOAT64) {
            double[] s = ss.f64(), d = ds.f64();
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) d[off[0] + i * sd] = s[off[1] + i * sss];
            });
        } else if (from.isFloatingPoint()) {
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) ds.setDouble(off[0] + i * sd, ss.getDouble(off[1] + i * sss));
            });
        } else {
            // Integers go to floats straight from long: through double, int64 -> float32 would round twice.
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) ds.setLong(off[0] + i * sd, ss.getLong(off[1] + i * sss));
            });
        }
    }

    static void fill(StridedView dst, double value) {
        CpuStorage ds = CpuBackend.storage(dst);
        if (dst.dtype() == DType.FLOAT32 && dst.isContiguous()) {
            float[] d = ds.f32();
            float v = (float) value;
            int o = dst.offset();
            flat(dst.numel(), (lo, hi) -> java.util.Arrays.fill(d, o + lo, o + hi, v));
            return;
        }
        StridedLoop loop = StridedLoop.of(dst);
        int sd = loop.inner[0];
        if (dst.dtype() == DType.FLOAT32) {
            float[] d = ds.f32();
            float v = (float) value;
            loop.run((off, n) -> {
                if (sd == 1) java.util.Arrays.fill(d, off[0], off[0] + n, v);
                else for (int i = 0; i < n; i++) d[off[0] + i * sd] = v;
            });
        } else if (dst.dtype() == DType.FLOAT64) {
            double[] d = ds.f64();
            loop.run((off, n) -> {
                if (sd == 1) java.util.Arrays.fill(d, off[0], off[0] + n, value);
                else for (int i = 0; i < n; i++) d[off[0] + i * sd] = value;
            });
        } else {
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) ds.setDouble(off[0] + i * sd, value);
            });
        }
    }
}
