package dev.descent.backend.cpu;

import jdk.incubator.vector.FloatVector;

/**
 * Single-precision matrix multiply C = A B for strided A [M, K] and B [K, N] into a contiguous C.
 * This is the straightforward row-axpy form: rows of C in parallel, each built from vectorised
 * axpys of B's rows (B is copied to row-major first when it is not).
 */
final class Gemm {
    private static final int L = VectorF32.S.length();

    private Gemm() {}

    static void sgemm(int m, int n, int k,
                      float[] a, int aOff, int aRow, int aCol,
                      float[] b, int bOff, int bRow, int bCol,
                      float[] c, int cOff) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
            return;
        }
        if (bCol != 1) {
            float[] packed = new float[k * n];
            for (int p = 0; p < k; p++) for (int j = 0; j < n; j++) packed[p * n + j] = b[bOff + p * bRow + j * bCol];
            b = packed;
            bOff = 0;
            bRow = n;
        }
        float[] bb = b;
        int bo = bOff, br = bRow;
        int grain = Math.max(1, (StridedLoop.GRAIN / Math.max(1, n * k / 64)));
        Parallel.range(m, grain, (from, to) -> {
            for (int i = from; i < to; i++) {
                int ci = cOff + i * n;
                java.util.Arrays.fill(c, ci, ci + n, 0f);
                for (int p = 0; p < k; p++) {
                    float av = a[aOff + i * aRow + p * aCol];
                    int bp = bo + p * br;
                    int j = 0, bound = VectorF32.S.loopBound(n);
                    FloatVector va = FloatVector.broadcast(VectorF32.S, av);
                    for (; j < bound; j += L) {
                        FloatVector.fromArray(VectorF32.S, bb, bp + j).fma(va, FloatVector.fromArray(VectorF32.S, c, ci + j)).intoArray(c, ci + j);
                    }
                    for (; j < n; j++) c[ci + j] += av * bb[bp + j];
                }
            }
        });
    }

    static void dgemm(int m, int n, int k,
                      double[] a, int aOff, int aRow, int aCol,
                      double[] b, int bOff, int bRow, int bCol,
                      double[] c, int cOff) {
        Parallel.range(m, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                int ci = cOff + i * n;
                for (int j = 0; j < n; j++) c[ci + j] = 0;
                for (int p = 0; p < k; p++) {
                    double av = a[aOff + i * aRow + p * aCol];
                    int bp = bOff + p * bRow;
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j * bCol];
                }
            }
        });
    }
}
