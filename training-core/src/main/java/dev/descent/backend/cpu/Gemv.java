package dev.descent.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The degenerate products that packing would only slow down: vector times matrix (M = 1, as in a batch-size-1 forward
 * pass), matrix times vector (N = 1) and the outer product (K = 1, a batch-size-1 weight gradient). They are bound by
 * memory, so each streams the matrix once, accumulating in registers.
 */
final class Gemv {
    private static final VectorSpecies<Float> S = VectorF32.S;
    private static final int L = S.length();
    /** Columns per register block of the row-major form: 8 vectors of accumulators. */
    private static final int BLOCK = 8 * L;
    /**
     * Multiply-adds below which a product stays on the calling thread. A batch-size-1 layer (784 x 250, some 20 us) is
     * below it: splitting it across threads measured no faster here, only less steady.
     */
    private static final int PARALLEL_WORK = 1 << 18;

    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[][] {new float[256], new float[256]});

    private Gemv() {}

    /** A scratch array of at least n floats, owned by this thread; slot 0 or 1. */
    private static float[] scratch(int slot, int n) {
        float[][] s = SCRATCH.get();
        if (s[slot].length < n) s[slot] = new float[Math.max(n, 2 * s[slot].length)];
        return s[slot];
    }

    /** c[j] = sum_p a[p] B[p, j] for a strided vector a [k] and B [k, n]; c is contiguous. */
    static void gemv(
            int n,
            int k,
            float[] a,
            int aOff,
            int aCol,
            float[] b,
            int bOff,
            int bRow,
            int bCol,
            float[] c,
            int cOff,
            boolean parallel) {
        if (bCol != 1 && bRow != 1) {
            // Neither rows nor columns of B are contiguous: a plain loop is as good as anything.
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) s += a[aOff + p * aCol] * b[bOff + p * bRow + j * bCol];
                c[cOff + j] = s;
            }
            return;
        }
        float[] av = a;
        int ao = aOff;
        if (aCol != 1) {
            av = scratch(0, k);
            for (int p = 0; p < k; p++) av[p] = a[aOff + p * aCol];
            ao = 0;
        }
        float[] x = av;
        int xo = ao;
        boolean rows = bCol == 1;
        long work = (long) n * k;
        int unit = rows ? BLOCK : 4 * L;
        int units = Math.ceilDiv(n, unit);
        int parts = parallel && work >= PARALLEL_WORK ? Math.min(2 * Parallel.THREADS, units) : 1;
        if (parts <= 1) {
            if (rows) rowMajor(0, n, k, x, xo, b, bOff, bRow, c, cOff);
            else columnMajor(0, n, k, x, xo, b, bOff, bCol, c, cOff);
            return;
        }
        Parallel.parts(parts, (from, to) -> {
            for (int t = from; t < to; t++) {
                int j0 = Math.min(n, (int) ((long) units * t / parts) * unit);
                int j1 = Math.min(n, (int) ((long) units * (t + 1) / parts) * unit);
                if (rows) rowMajor(j0, j1, k, x, xo, b, bOff, bRow, c, cOff);
                else columnMajor(j0, j1, k, x, xo, b, bOff, bCol, c, cOff);
            }
        });
    }

    /**
     * Columns [j0, j1) of x B with B's rows contiguous: a block of 8 vectors of columns accumulates down all of k in
     * registers, so C is written once and B streamed once.
     */
    private static void rowMajor(
            int j0, int j1, int k, float[] x, int xo, float[] b, int bOff, int bRow, float[] c, int cOff) {
        int j = j0;
        for (; j + BLOCK <= j1; j += BLOCK) {
            FloatVector s0 = FloatVector.zero(S),
                    s1 = FloatVector.zero(S),
                    s2 = FloatVector.zero(S),
                    s3 = FloatVector.zero(S);
            FloatVector s4 = FloatVector.zero(S),
                    s5 = FloatVector.zero(S),
                    s6 = FloatVector.zero(S),
                    s7 = FloatVector.zero(S);
            int bp = bOff + j;
            for (int p = 0; p < k; p++, bp += bRow) {
                FloatVector xv = FloatVector.broadcast(S, x[xo + p]);
                s0 = xv.fma(FloatVector.fromArray(S, b, bp), s0);
                s1 = xv.fma(FloatVector.fromArray(S, b, bp + L), s1);
                s2 = xv.fma(FloatVector.fromArray(S, b, bp + 2 * L), s2);
                s3 = xv.fma(FloatVector.fromArray(S, b, bp + 3 * L), s3);
                s4 = xv.fma(FloatVector.fromArray(S, b, bp + 4 * L), s4);
                s5 = xv.fma(FloatVector.fromArray(S, b, bp + 5 * L), s5);
                s6 = xv.fma(FloatVector.fromArray(S, b, bp + 6 * L), s6);
                s7 = xv.fma(FloatVector.fromArray(S, b, bp + 7 * L), s7);
            }
            int co = cOff + j;
            s0.intoArray(c, co);
            s1.intoArray(c, co + L);
            s2.intoArray(c, co + 2 * L);
            s3.intoArray(c, co + 3 * L);
            s4.intoArray(c, co + 4 * L);
            s5.intoArray(c, co + 5 * L);
            s6.intoArray(c, co + 6 * L);
            s7.intoArray(c, co + 7 * L);
        }
        for (; j + 2 * L <= j1; j += 2 * L) {
            FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
            int bp = bOff + j;
            for (int p = 0; p < k; p++, bp += bRow) {
                FloatVector xv = FloatVector.broadcast(S, x[xo + p]);
                s0 = xv.fma(FloatVector.fromArray(S, b, bp), s0);
                s1 = xv.fma(FloatVector.fromArray(S, b, bp + L), s1);
            }
            s0.intoArray(c, cOff + j);
            s1.intoArray(c, cOff + j + L);
        }
        for (; j + L <= j1; j += L) {
            FloatVector s0 = FloatVector.zero(S);
            int bp = bOff + j;
            for (int p = 0; p < k; p++, bp += bRow)
                s0 = FloatVector.broadcast(S, x[xo + p]).fma(FloatVector.fromArray(S, b, bp), s0);
            s0.intoArray(c, cOff + j);
        }
        if (j < j1) {
            int w = j1 - j;
            for (int jj = j; jj < j1; jj++) c[cOff + jj] = 0f;
            for (int p = 0; p < k; p++) {
                float xp = x[xo + p];
                int bp = bOff + p * bRow + j;
                for (int jj = 0; jj < w; jj++) c[cOff + j + jj] += xp * b[bp + jj];
            }
        }
    }

    /** Columns [j0, j1) of x B with B's columns contiguous: dot products, four columns per pass over x. */
    private static void columnMajor(
            int j0, int j1, int k, float[] x, int xo, float[] b, int bOff, int bCol, float[] c, int cOff) {
        int bound = S.loopBound(k);
        int j = j0;
        for (; j + 4 <= j1; j += 4) {
            int b0 = bOff + j * bCol, b1 = b0 + bCol, b2 = b1 + bCol, b3 = b2 + bCol;
            FloatVector s0 = FloatVector.zero(S),
                    s1 = FloatVector.zero(S),
                    s2 = FloatVector.zero(S),
                    s3 = FloatVector.zero(S);
            int p = 0;
            for (; p < bound; p += L) {
                FloatVector xv = FloatVector.fromArray(S, x, xo + p);
                s0 = xv.fma(FloatVector.fromArray(S, b, b0 + p), s0);
                s1 = xv.fma(FloatVector.fromArray(S, b, b1 + p), s1);
                s2 = xv.fma(FloatVector.fromArray(S, b, b2 + p), s2);
                s3 = xv.fma(FloatVector.fromArray(S, b, b3 + p), s3);
            }
            float r0 = VectorF32.sumLanes(s0), r1 = VectorF32.sumLanes(s1);
            float r2 = VectorF32.sumLanes(s2), r3 = VectorF32.sumLanes(s3);
            for (; p < k; p++) {
                float xp = x[xo + p];
                r0 += xp * b[b0 + p];
                r1 += xp * b[b1 + p];
                r2 += xp * b[b2 + p];
                r3 += xp * b[b3 + p];
            }
            c[cOff + j] = r0;
            c[cOff + j + 1] = r1;
            c[cOff + j + 2] = r2;
            c[cOff + j + 3] = r3;
        }
        for (; j < j1; j++) c[cOff + j] = VectorF32.dot(x, xo, b, bOff + j * bCol, k);
    }

    /**
     * c[i * ldc] = sum_p A[i, p] x[p]: the N = 1 product, computed as x^T A^T so that it shares the vector-times-matrix
     * kernels (A's rows become the columns of A^T).
     */
    static void gemvColumn(
            int m,
            int k,
            float[] x,
            int xOff,
            int xStride,
            float[] a,
            int aOff,
            int aRow,
            int aCol,
            float[] c,
            int cOff,
            int ldc,
            boolean parallel) {
        if (ldc == 1) {
            gemv(m, k, x, xOff, xStride, a, aOff, aCol, aRow, c, cOff, parallel);
            return;
        }
        float[] tmp = new float[m];
        gemv(m, k, x, xOff, xStride, a, aOff, aCol, aRow, tmp, 0, parallel);
        for (int i = 0; i < m; i++) c[cOff + i * ldc] = tmp[i];
    }

    /** The K = 1 product: c[i, j] = a[i] b[j]. */
    static void outer(
            int m,
            int n,
            float[] a,
            int aOff,
            int aRow,
            float[] b,
            int bOff,
            int bCol,
            float[] c,
            int cOff,
            int ldc,
            boolean parallel) {
        float[] bv = b;
        int bo = bOff;
        if (bCol != 1) {
            bv = scratch(1, n);
            for (int j = 0; j < n; j++) bv[j] = b[bOff + j * bCol];
            bo = 0;
        }
        float[] y = bv;
        int yo = bo;
        int grain = Math.max(1, PARALLEL_WORK / n);
        Parallel.Range rows = (from, to) -> {
            for (int i = from; i < to; i++) VectorF32.scale(a[aOff + i * aRow], y, yo, c, cOff + i * ldc, n);
        };
        if (parallel) Parallel.range(m, grain, rows);
        else rows.run(0, m);
    }
}
