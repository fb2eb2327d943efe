package dev.descent.backend.cpu;

import dev.descent.backend.BinaryOp;
import dev.descent.backend.UnaryOp;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

/** Elementwise kernels: vectorised float32 rows where possible, scalar loops for strides and other dtypes. */
final class Elementwise {
    private Elementwise() {}

    static void unary(UnaryOp op, Tensor x, Tensor out, double p, double q) {
        CpuStorage xs = CpuBackend.storage(x), os = CpuBackend.storage(out);
        StridedLoop loop = StridedLoop.of(out, x);
        int so = loop.inner[0], sx = loop.inner[1];
        if (x.dtype() == DType.FLOAT32 && out.dtype() == DType.FLOAT32) {
            float[] xa = xs.f32(), oa = os.f32();
            float fp = (float) p, fq = (float) q;
            loop.run((off, n) -> {
                int i = 0;
                if (sx == 1 && so == 1) i = VectorF32.unary(op, xa, off[1], oa, off[0], n, fp, fq);
                for (; i < n; i++) oa[off[0] + i * so] = Scalar.unaryF32(op, xa[off[1] + i * sx], p, q);
            });
        } else if (x.dtype().isFloatingPoint()) {
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) os.setDouble(off[0] + i * so, Scalar.unary(op, xs.getDouble(off[1] + i * sx), p, q));
            });
        } else {
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) os.setLong(off[0] + i * so, Scalar.unaryLong(op, xs.getLong(off[1] + i * sx), p, q));
            });
        }
    }

    static void binary(BinaryOp op, Tensor a, Tensor b, Tensor out, double alpha) {
        CpuStorage as = CpuBackend.storage(a), bs = CpuBackend.storage(b), os = CpuBackend.storage(out);
        StridedLoop loop = StridedLoop.of(out, a, b);
        int so = loop.inner[0], sa = loop.inner[1], sb = loop.inner[2];
        DType dt = a.dtype();
        if (dt == DType.FLOAT32 && out.dtype() == DType.FLOAT32) {
            float[] aa = as.f32(), ba = bs.f32(), oa = os.f32();
            float fAlpha = (float) alpha;
            boolean vectorisable = so == 1 && sa <= 1 && sb <= 1 && sa >= 0 && sb >= 0;
            loop.run((off, n) -> {
                int i = vectorisable ? VectorF32.binary(op, aa, off[1], sa, ba, off[2], sb, oa, off[0], n, fAlpha) : 0;
                for (; i < n; i++) oa[off[0] + i * so] = (float) Scalar.binary(op, aa[off[1] + i * sa], ba[off[2] + i * sb], alpha);
            });
        } else if (dt == DType.FLOAT32 && out.dtype() == DType.BOOL) {
            float[] aa = as.f32(), ba = bs.f32();
            byte[] oa = os.bytes();
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) oa[off[0] + i * so] = (byte) Scalar.binary(op, aa[off[1] + i * sa], ba[off[2] + i * sb], 0);
            });
        } else if (dt.isFloatingPoint()) {
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) {
                    os.setDouble(off[0] + i * so, Scalar.binary(op, as.getDouble(off[1] + i * sa), bs.getDouble(off[2] + i * sb), alpha));
                }
            });
        } else {
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) {
                    os.setLong(off[0] + i * so, Scalar.binaryLong(op, as.getLong(off[1] + i * sa), bs.getLong(off[2] + i * sb), alpha));
                }
            });
        }
    }

    static void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        CpuStorage cs = CpuBackend.storage(cond), as = CpuBackend.storage(a), bs = CpuBackend.storage(b), os = CpuBackend.storage(out);
        StridedLoop loop = StridedLoop.of(out, cond, a, b);
        int so = loop.inner[0], sc = loop.inner[1], sa = loop.inner[2], sb = loop.inner[3];
        byte[] c = cs.bytes();
        if (out.dtype() == DType.FLOAT32) {
            float[] aa = as.f32(), ba = bs.f32(), oa = os.f32();
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) oa[off[0] + i * so] = c[off[1] + i * sc] != 0 ? aa[off[2] + i * sa] : ba[off[3] + i * sb];
            });
        } else if (out.dtype().isFloatingPoint()) {
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) {
                    os.setDouble(off[0] + i * so, c[off[1] + i * sc] != 0 ? as.getDouble(off[2] + i * sa) : bs.getDouble(off[3] + i * sb));
                }
            });
        } else {
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) {
                    os.setLong(off[0] + i * so, c[off[1] + i * sc] != 0 ? as.getLong(off[2] + i * sa) : bs.getLong(off[3] + i * sb));
                }
            });
        }
    }

    static void copy(Tensor src, Tensor dst) {
        CpuStorage ss = CpuBackend.storage(src), ds = CpuBackend.storage(dst);
        StridedLoop loop = StridedLoop.of(dst, src);
        int sd = loop.inner[0], sss = loop.inner[1];
        DType from = src.dtype(), to = dst.dtype();
        if (from == to && sd == 1 && sss == 1) {
            Object s = ss.data, d = ds.data;
            loop.run((off, n) -> System.arraycopy(s, off[1], d, off[0], n));
        } else if (from == DType.FLOAT32 && to == DType.FLOAT32) {
            float[] s = ss.f32(), d = ds.f32();
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) d[off[0] + i * sd] = s[off[1] + i * sss];
            });
        } else if (from.isFloatingPoint() || to.isFloatingPoint()) {
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) ds.setDouble(off[0] + i * sd, ss.getDouble(off[1] + i * sss));
            });
        } else {
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) ds.setLong(off[0] + i * sd, ss.getLong(off[1] + i * sss));
            });
        }
    }

    static void fill(Tensor dst, double value) {
        CpuStorage ds = CpuBackend.storage(dst);
        StridedLoop loop = StridedLoop.of(dst);
        int sd = loop.inner[0];
        if (dst.dtype() == DType.FLOAT32) {
            float[] d = ds.f32();
            float v = (float) value;
            loop.run((off, n) -> {
                if (sd == 1) java.util.Arrays.fill(d, off[0], off[0] + n, v);
                else for (int i = 0; i < n; i++) d[off[0] + i * sd] = v;
            });
        } else {
            loop.run((off, n) -> {
                for (int i = 0; i < n; i++) ds.setDouble(off[0] + i * sd, value);
            });
        }
    }
}
