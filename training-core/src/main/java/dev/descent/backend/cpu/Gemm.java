package dev.descent.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix multiply C = A B for strided A [M, K] and B [K, N] into C (row stride ldc), in the GotoBLAS/BLIS arrangement:
 * B is packed a KC x NC block at a time into slivers NR wide, A an MC x KC block at a time into slivers MR tall, and a
 * register-tiled MR x NR micro-kernel runs over every pair of slivers. Packing reads any strides, so the transposed
 * operands of every backward pass (A^T B, A B^T) cost nothing extra.
 *
 * <p>The tile is 4 x 16 on AVX2 (4 x 2 vectors): 8 accumulators, 2 B vectors and the 4 broadcasts of A take 14 of the
 * 16 ymm registers. C2 schedules every broadcast at the top of the loop, so the textbook 6 x 16 tile (12 accumulators +
 * 2 + 6) spills an accumulator to the stack each iteration and ran at about half the speed (42 vs 75-80 GFLOP/s on one
 * core here); 4 x 16 keeps everything in registers (checked by disassembling -XX:CompileCommand=print output of this
 * kernel).
 *
 * <p>On several cores the larger of M and N is cut into a few parts per thread, claimed dynamically; the other operand
 * is packed once into a buffer every part reads.
 *
 * <p>Shapes where packing costs more than it saves take direct paths: matrix-vector products (M = 1 or N = 1), outer
 * products (K = 1) and tiny matrices.
 */
final class Gemm {
    private static final VectorSpecies<Float> S = VectorF32.S;
    private static final int L = S.length();
    static final int MR = 4;
    static final int NR = 2 * L;
    /** KC x NR floats of a B sliver (16 KiB) stay in the 32 KiB L1 while the kernel streams A slivers past them. */
    private static final int KC = 256;
    /** An MC x KC block of packed A (128 KiB) stays in the 512 KiB L2 across every sliver of B. */
    private static final int MC = 128;
    /** A KC x NC block of packed B (4 MiB) lives in L3. */
    private static final int NC = 4096;
    /** Below this many multiply-adds a product is not worth packing. */
    private static final int SMALL = 1 << 14;
    /**
     * Multiply-adds below which a product stays on one thread (about 15 us of work): waking a pool thread takes tens of
     * microseconds, and on a loaded machine each extra thread is one more that the OS may preempt halfway through.
     */
    static final int PARALLEL_WORK = 1 << 20;
    /** Parts per thread when a product is split: enough to even out a slow thread, few enough to keep blocks wide. */
    private static final int PARTS_PER_THREAD = 4;
    /**
     * Floats of an operand that may be packed once for all threads into the caller's buffer (16 MiB, kept for reuse); a
     * larger one is packed block by block by each part, which costs little at that size.
     */
    private static final int SHARED_LIMIT = 1 << 22;
    /** Elements packed per parallel chunk. */
    private static final int PACK_GRAIN = 1 << 15;

    /**
     * Per-thread buffers, reused so a product allocates nothing once warm: A block, B block, edge tile, shared operand.
     */
    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(
            () -> new float[][] {new float[MC * KC], new float[KC * NC], new float[MR * NR], new float[0]});

    private Gemm() {}

    /** C = A B, using every core when the product is big enough; C is [m, n] with row stride n. */
    static void sgemm(
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int aRow,
            int aCol,
            float[] b,
            int bOff,
            int bRow,
            int bCol,
            float[] c,
            int cOff) {
        sgemm(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, n, true);
    }

    static void sgemm(
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int aRow,
            int aCol,
            float[] b,
            int bOff,
            int bRow,
            int bCol,
            float[] c,
            int cOff,
            int ldc,
            boolean parallel) {
        sgemm(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, ldc, parallel, null);
    }

    /**
     * C = A B with an epilogue (null for none) applied to every element of C as it is stored: by the micro-kernel on
     * the tile in registers in the packed path, right after each row (still in L1) in the direct paths.
     */
    static void sgemm(
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int aRow,
            int aCol,
            float[] b,
            int bOff,
            int bRow,
            int bCol,
            float[] c,
            int cOff,
            int ldc,
            boolean parallel,
            StoreEpilogue ep) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                if (ep != null) ep.row(c, cOff + i * ldc, 0, n);
            }
            return;
        }
        if (m == 1) {
            Gemv.gemv(n, k, a, aOff, aCol, b, bOff, bRow, bCol, c, cOff, parallel);
            if (ep != null) ep.row(c, cOff, 0, n);
            return;
        }
        if (n == 1) {
            // c^T = b^T A^T: a matrix-vector product the other way round.
            Gemv.gemvColumn(m, k, b, bOff, bRow, a, aOff, aRow, aCol, c, cOff, ldc, parallel);
            if (ep != null) for (int i = 0; i < m; i++) c[cOff + i * ldc] = ep.apply(c[cOff + i * ldc], 0);
            return;
        }
        if (k == 1) {
            Gemv.outer(m, n, a, aOff, aRow, b, bOff, bCol, c, cOff, ldc, parallel);
            if (ep != null) for (int i = 0; i < m; i++) ep.row(c, cOff + i * ldc, 0, n);
            return;
        }
        long work = (long) m * n * k;
        if (work < SMALL) {
            small(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, ldc, ep);
            return;
        }
        if (!parallel || work < PARALLEL_WORK || !Parallel.canSplit()) {
            packed(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, ldc, null, null, ep);
            return;
        }
        // The larger dimension is cut into parts that the threads claim; each part packs its own share of
        // that operand, while the other operand is packed once, up front, into a buffer all parts read.
        int kc = blockK(k);
        if (n >= m) {
            int slivers = Math.ceilDiv(n, NR);
            int parts = Math.min(slivers, Parallel.THREADS * PARTS_PER_THREAD);
            float[] sharedA = (long) roundUp(m, MR) * k <= SHARED_LIMIT ? shared(roundUp(m, MR) * k) : null;
            if (sharedA != null) prepackA(m, k, kc, a, aOff, aRow, aCol, sharedA);
            Parallel.parts(parts, (from, to) -> {
                for (int t = from; t < to; t++) {
                    int j0 = Math.min(n, (int) ((long) slivers * t / parts) * NR);
                    int j1 = Math.min(n, (int) ((long) slivers * (t + 1) / parts) * NR);
                    if (j1 > j0)
                        packed(
                                m,
                                j1 - j0,
                                k,
                                a,
                                aOff,
                                aRow,
                                aCol,
                                b,
                                bOff + j0 * bCol,
                                bRow,
                                bCol,
                                c,
                                cOff + j0,
                                ldc,
                                sharedA,
                                null,
                                ep == null ? null : ep.shifted(j0));
                }
            });
        } else {
            int slivers = Math.ceilDiv(m, MR);
            int parts = Math.min(slivers, Parallel.THREADS * PARTS_PER_THREAD);
            float[] sharedB = (long) roundUp(n, NR) * k <= SHARED_LIMIT ? shared(roundUp(n, NR) * k) : null;
            if (sharedB != null) prepackB(n, k, kc, b, bOff, bRow, bCol, sharedB);
            Parallel.parts(parts, (from, to) -> {
                for (int t = from; t < to; t++) {
                    int i0 = Math.min(m, (int) ((long) slivers * t / parts) * MR);
                    int i1 = Math.min(m, (int) ((long) slivers * (t + 1) / parts) * MR);
                    if (i1 > i0)
                        packed(
                                i1 - i0,
                                n,
                                k,
                                a,
                                aOff + i0 * aRow,
                                aRow,
                                aCol,
                                b,
                                bOff,
                                bRow,
                                bCol,
                                c,
                                cOff + i0 * ldc,
                                ldc,
                                null,
                                sharedB,
                                ep);
                }
            });
        }
    }

    /**
     * C = sum over i of A_i B_i for batches of A [m, k] and B [k, n] (batch strides aBatch, bBatch): one product whose
     * K runs over every item, so each tile of C accumulates in registers and in place, block after block, instead of
     * each item writing a product of its own for a later sum. The blocks of K go in item order, and the threads split
     * C, never K, so the sum's order does not depend on the thread count.
     *
     * <p>The narrow side of C goes across the tile: for a convolution's kernel gradient with few columns (9 for a 3x3
     * kernel over one channel) C^T = sum B_i^T A_i^T fills MR x NR tiles that C itself would leave mostly padding.
     */
    static void sgemmSum(
            int batches,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int aBatch,
            int aRow,
            int aCol,
            float[] b,
            int bOff,
            int bBatch,
            int bRow,
            int bCol,
            float[] c,
            int cOff,
            int ldc) {
        if (m == 0 || n == 0) return;
        if (batches == 0 || k == 0) {
            for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            return;
        }
        if ((long) roundUp(m, NR) * roundUp(n, MR) < (long) roundUp(n, NR) * roundUp(m, MR)) {
            float[] ct = new float[n * m];
            sumProducts(batches, n, m, k, b, bOff, bBatch, bCol, bRow, a, aOff, aBatch, aCol, aRow, ct, 0, m);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) c[cOff + i * ldc + j] = ct[j * m + i];
            }
            return;
        }
        sumProducts(batches, m, n, k, a, aOff, aBatch, aRow, aCol, b, bOff, bBatch, bRow, bCol, c, cOff, ldc);
    }

    /** {@link #sgemmSum} as laid out: C split by slivers along its longer side (in slivers) across the threads. */
    private static void sumProducts(
            int batches,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int aBatch,
            int aRow,
            int aCol,
            float[] b,
            int bOff,
            int bBatch,
            int bRow,
            int bCol,
            float[] c,
            int cOff,
            int ldc) {
        long work = (long) batches * m * n * k;
        boolean split = work >= PARALLEL_WORK && Parallel.canSplit();
        int rowSlivers = Math.ceilDiv(m, MR), colSlivers = Math.ceilDiv(n, NR);
        boolean byColumns = colSlivers >= rowSlivers;
        int slivers = byColumns ? colSlivers : rowSlivers;
        int parts = split ? Math.min(slivers, Parallel.THREADS * PARTS_PER_THREAD) : 1;
        Parallel.parts(parts, (from, to) -> {
            for (int t = from; t < to; t++) {
                int s0 = (int) ((long) slivers * t / parts), s1 = (int) ((long) slivers * (t + 1) / parts);
                if (byColumns) {
                    int j0 = Math.min(n, s0 * NR), j1 = Math.min(n, s1 * NR);
                    if (j1 > j0)
                        packedSum(
                                batches,
                                m,
                                j1 - j0,
                                k,
                                a,
                                aOff,
                                aBatch,
                                aRow,
                                aCol,
                                b,
                                bOff + j0 * bCol,
                                bBatch,
                                bRow,
                                bCol,
                                c,
                                cOff + j0,
                                ldc);
                } else {
                    int i0 = Math.min(m, s0 * MR), i1 = Math.min(m, s1 * MR);
                    if (i1 > i0)
                        packedSum(
                                batches,
                                i1 - i0,
                                n,
                                k,
                                a,
                                aOff + i0 * aRow,
                                aBatch,
                                aRow,
                                aCol,
                                b,
                                bOff,
                                bBatch,
                                bRow,
                                bCol,
                                c,
                                cOff + i0 * ldc,
                                ldc);
                }
            }
        });
    }

    /** The blocked product of {@link #packed}, with K running over every item's blocks in turn. */
    private static void packedSum(
            int batches,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int aBatch,
            int aRow,
            int aCol,
            float[] b,
            int bOff,
            int bBatch,
            int bRow,
            int bCol,
            float[] c,
            int cOff,
            int ldc) {
        float[][] buffers = BUFFERS.get();
        float[] pa = buffers[0], pb = buffers[1], tile = buffers[2];
        int kc = blockK(k);
        int mc = roundUp(Math.ceilDiv(m, Math.ceilDiv(m, MC)), MR);
        int nc = roundUp(Math.ceilDiv(n, Math.ceilDiv(n, NC)), NR);
        for (int jc = 0; jc < n; jc += nc) {
            int ncur = Math.min(nc, n - jc);
            for (int item = 0; item < batches; item++) {
                int ai = aOff + item * aBatch, bi = bOff + item * bBatch;
                for (int pc = 0; pc < k; pc += kc) {
                    int kcur = Math.min(kc, k - pc);
                    packB(kcur, ncur, b, bi + pc * bRow + jc * bCol, bRow, bCol, pb, 0);
                    for (int ic = 0; ic < m; ic += mc) {
                        int mcur = Math.min(mc, m - ic);
                        packA(mcur, kcur, a, ai + ic * aRow + pc * aCol, aRow, aCol, pa, 0);
                        macro(
                                mcur,
                                ncur,
                                kcur,
                                pa,
                                0,
                                pb,
                                0,
                                c,
                                cOff + ic * ldc + jc,
                                ldc,
                                item > 0 || pc > 0,
                                tile,
                                null);
                    }
                }
            }
        }
    }

    /** KC, evened out: K = 784 runs as 4 blocks of 196 rather than 3 of 256 and one of 16. */
    private static int blockK(int k) {
        return Math.ceilDiv(k, Math.ceilDiv(k, KC));
    }

    /** The calling thread's buffer for an operand packed once and read by every part; at least n floats. */
    private static float[] shared(int n) {
        float[][] buffers = BUFFERS.get();
        if (buffers[3].length < n) buffers[3] = new float[Math.max(n, buffers[3].length + buffers[3].length / 2)];
        return buffers[3];
    }

    /**
     * Packs all of A, block of KC columns by block: block pc starts at pc * roundUp(m, MR), and within it the sliver of
     * rows i at i * kcur, the layout {@link #packed} expects of a shared A.
     */
    private static void prepackA(int m, int k, int kc, float[] a, int aOff, int aRow, int aCol, float[] pa) {
        int mPad = roundUp(m, MR), slivers = mPad / MR;
        Parallel.range(slivers, Math.max(1, PACK_GRAIN / (MR * k)), (from, to) -> {
            int r0 = from * MR, r1 = Math.min(m, to * MR);
            for (int pc = 0; pc < k; pc += kc) {
                int kcur = Math.min(kc, k - pc);
                packA(r1 - r0, kcur, a, aOff + r0 * aRow + pc * aCol, aRow, aCol, pa, pc * mPad + r0 * kcur);
            }
        });
    }

    /** Packs all of B the same way: block pc at pc * roundUp(n, NR), the sliver of columns j at j * kcur. */
    private static void prepackB(int n, int k, int kc, float[] b, int bOff, int bRow, int bCol, float[] pb) {
        int nPad = roundUp(n, NR), slivers = nPad / NR;
        Parallel.range(slivers, Math.max(1, PACK_GRAIN / (NR * k)), (from, to) -> {
            int j0 = from * NR, j1 = Math.min(n, to * NR);
            for (int pc = 0; pc < k; pc += kc) {
                int kcur = Math.min(kc, k - pc);
                packB(kcur, j1 - j0, b, bOff + pc * bRow + j0 * bCol, bRow, bCol, pb, pc * nPad + j0 * kcur);
            }
        });
    }

    /**
     * The blocked, packed product on the calling thread. A null {@code sharedA} (or {@code sharedB}) means this call
     * packs that operand itself, block by block, into its thread's buffers; otherwise the operand was packed whole by
     * {@link #prepackA} ({@link #prepackB}) for all of m (n). The epilogue goes with the last block of K only, when
     * each tile of C holds its final sum.
     */
    private static void packed(
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int aRow,
            int aCol,
            float[] b,
            int bOff,
            int bRow,
            int bCol,
            float[] c,
            int cOff,
            int ldc,
            float[] sharedA,
            float[] sharedB,
            StoreEpilogue ep) {
        float[][] buffers = BUFFERS.get();
        float[] tile = buffers[2];
        int kc = blockK(k);
        int mc = roundUp(Math.ceilDiv(m, Math.ceilDiv(m, MC)), MR);
        int nc = roundUp(Math.ceilDiv(n, Math.ceilDiv(n, NC)), NR);
        int mPad = roundUp(m, MR), nPad = roundUp(n, NR);
        for (int jc = 0; jc < n; jc += nc) {
            int ncur = Math.min(nc, n - jc);
            for (int pc = 0; pc < k; pc += kc) {
                int kcur = Math.min(kc, k - pc);
                float[] pb = sharedB != null ? sharedB : buffers[1];
                int pbOff = sharedB != null ? pc * nPad + jc * kcur : 0;
                if (sharedB == null) packB(kcur, ncur, b, bOff + pc * bRow + jc * bCol, bRow, bCol, pb, 0);
                for (int ic = 0; ic < m; ic += mc) {
                    int mcur = Math.min(mc, m - ic);
                    float[] pa = sharedA != null ? sharedA : buffers[0];
                    int paOff = sharedA != null ? pc * mPad + ic * kcur : 0;
                    if (sharedA == null) packA(mcur, kcur, a, aOff + ic * aRow + pc * aCol, aRow, aCol, pa, 0);
                    StoreEpilogue last = ep != null && pc + kcur == k ? ep.shifted(jc) : null;
                    macro(mcur, ncur, kcur, pa, paOff, pb, pbOff, c, cOff + ic * ldc + jc, ldc, pc > 0, tile, last);
                }
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return Math.ceilDiv(x, multiple) * multiple;
    }

    /** Every MR x NR tile of one block of C; edge tiles go through a scratch tile. */
    private static void macro(
            int m,
            int n,
            int k,
            float[] pa,
            int paOff,
            float[] pb,
            int pbOff,
            float[] c,
            int cOff,
            int ldc,
            boolean accumulate,
            float[] tile,
            StoreEpilogue ep) {
        for (int jr = 0; jr < n; jr += NR) {
            int nr = Math.min(NR, n - jr);
            int bo = pbOff + jr * k;
            for (int ir = 0; ir < m; ir += MR) {
                int mr = Math.min(MR, m - ir);
                int ao = paOff + ir * k;
                int co = cOff + ir * ldc + jr;
                if (mr == MR && nr == NR) {
                    kernel(k, pa, ao, pb, bo, c, co, ldc, accumulate, ep, jr);
                } else {
                    kernel(k, pa, ao, pb, bo, tile, 0, NR, false, null, 0);
                    for (int i = 0; i < mr; i++) {
                        int row = co + i * ldc;
                        if (accumulate) {
                            for (int j = 0; j < nr; j++) c[row + j] += tile[i * NR + j];
                        } else {
                            System.arraycopy(tile, i * NR, c, row, nr);
                        }
                        if (ep != null) ep.row(c, row, jr, nr);
                    }
                }
            }
        }
    }

    /**
     * The 4 x 16 micro-kernel: C[0:4, 0:16] (+)= A-sliver B-sliver over k, with A packed 4 values per step and B 16
     * values per step. Constant steps let C2 drop the bounds checks from the loop. A non-null epilogue is applied to
     * the accumulators, after the old C is added, with the tile's first column at {@code col} of the bias.
     */
    private static void kernel(
            int k,
            float[] a,
            int ao,
            float[] b,
            int bo,
            float[] c,
            int co,
            int ldc,
            boolean accumulate,
            StoreEpilogue ep,
            int col) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int ia = ao + p * MR, ib = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, ib);
            FloatVector b1 = FloatVector.fromArray(S, b, ib + L);
            FloatVector av = FloatVector.broadcast(S, a[ia]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ia + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ia + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ia + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
        }
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(S, c, co));
            c01 = c01.add(FloatVector.fromArray(S, c, co + L));
            c10 = c10.add(FloatVector.fromArray(S, c, co + ldc));
            c11 = c11.add(FloatVector.fromArray(S, c, co + ldc + L));
            c20 = c20.add(FloatVector.fromArray(S, c, co + 2 * ldc));
            c21 = c21.add(FloatVector.fromArray(S, c, co + 2 * ldc + L));
            c30 = c30.add(FloatVector.fromArray(S, c, co + 3 * ldc));
            c31 = c31.add(FloatVector.fromArray(S, c, co + 3 * ldc + L));
        }
        if (ep != null) {
            c00 = ep.apply(c00, col);
            c01 = ep.apply(c01, col + L);
            c10 = ep.apply(c10, col);
            c11 = ep.apply(c11, col + L);
            c20 = ep.apply(c20, col);
            c21 = ep.apply(c21, col + L);
            c30 = ep.apply(c30, col);
            c31 = ep.apply(c31, col + L);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
    }

    /** Packs A [m, k] into slivers of MR rows, k-major within a sliver, zero-padding the last sliver. */
    private static void packA(int m, int k, float[] a, int aOff, int aRow, int aCol, float[] pa, int paOff) {
        for (int ir = 0; ir < m; ir += MR) {
            int mr = Math.min(MR, m - ir);
            int dst = paOff + ir * k;
            if (mr < MR) {
                // Only the padding rows of a short last sliver are zeroed; the rows below overwrite the rest.
                for (int p = 0; p < k; p++) {
                    for (int r = mr; r < MR; r++) pa[dst + p * MR + r] = 0f;
                }
            }
            for (int r = 0; r < mr; r++) {
                int src = aOff + (ir + r) * aRow;
                if (aCol == 1) {
                    for (int p = 0; p < k; p++) pa[dst + p * MR + r] = a[src + p];
                } else {
                    for (int p = 0; p < k; p++) pa[dst + p * MR + r] = a[src + p * aCol];
                }
            }
        }
    }

    /** Packs B [k, n] into slivers of NR columns, k-major within a sliver, zero-padding the last sliver. */
    private static void packB(int k, int n, float[] b, int bOff, int bRow, int bCol, float[] pb, int pbOff) {
        for (int jr = 0; jr < n; jr += NR) {
            int nr = Math.min(NR, n - jr);
            int dst = pbOff + jr * k;
            int src = bOff + jr * bCol;
            if (bCol == 1 && nr == NR) {
                for (int p = 0; p < k; p++) {
                    int s = src + p * bRow, d = dst + p * NR;
                    FloatVector.fromArray(S, b, s).intoArray(pb, d);
                    FloatVector.fromArray(S, b, s + L).intoArray(pb, d + L);
                }
            } else if (bCol == 1) {
                for (int p = 0; p < k; p++) {
                    int s = src + p * bRow, d = dst + p * NR;
                    System.arraycopy(b, s, pb, d, nr);
                    java.util.Arrays.fill(pb, d + nr, d + NR, 0f);
                }
            } else {
                // Column-major B (a transposed operand): read each column contiguously. Only the padding columns of a
                // narrow last sliver are zeroed; the columns below overwrite the rest.
                if (nr < NR) {
                    for (int p = 0; p < k; p++) java.util.Arrays.fill(pb, dst + p * NR + nr, dst + (p + 1) * NR, 0f);
                }
                for (int j = 0; j < nr; j++) {
                    int s = src + j * bCol;
                    if (bRow == 1) {
                        for (int p = 0; p < k; p++) pb[dst + p * NR + j] = b[s + p];
                    } else {
                        for (int p = 0; p < k; p++) pb[dst + p * NR + j] = b[s + p * bRow];
                    }
                }
            }
        }
    }

    /** Tiny products: no packing; row-axpy over contiguous rows of B, else plain dot products. */
    private static void small(
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int aRow,
            int aCol,
            float[] b,
            int bOff,
            int bRow,
            int bCol,
            float[] c,
            int cOff,
            int ldc,
            StoreEpilogue ep) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            int ai = aOff + i * aRow;
            if (bCol == 1) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
                for (int p = 0; p < k; p++) VectorF32.axpy(a[ai + p * aCol], b, bOff + p * bRow, c, ci, n);
            } else {
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * bCol;
                    float s = 0f;
                    for (int p = 0; p < k; p++) s += a[ai + p * aCol] * b[bj + p * bRow];
                    c[ci + j] = s;
                }
            }
            if (ep != null) ep.row(c, ci, 0, n);
        }
    }

    // ---- float64: correctness only (gradient checks) --------------------------------------------

    static void dgemm(
            int m,
            int n,
            int k,
            double[] a,
            int aOff,
            int aRow,
            int aCol,
            double[] b,
            int bOff,
            int bRow,
            int bCol,
            double[] c,
            int cOff) {
        if (m == 0 || n == 0) return;
        Parallel.range(m, (int) Math.max(1, SMALL / Math.max(1L, (long) n * Math.max(k, 1))), (from, to) -> {
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
