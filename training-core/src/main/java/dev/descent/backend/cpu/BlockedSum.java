package dev.descent.backend.cpu;

/**
 * float32 sums of long rows. The row is cut into blocks of a fixed {@link #BLOCK} elements; each block is summed on its
 * own and the block sums are added pairwise. One running sum over millions of elements loses the small addends once it
 * is large (a sum of 10^7 values of 0.1f came out 0.3% low); here the error grows with log(n) instead. The blocks do
 * not depend on the thread count, and the parallel and the sequential path add the same block sums in the same tree, so
 * every run gives the same bits.
 */
final class BlockedSum {
    static final int BLOCK = 256;
    /** Strided blocks are summed pairwise too, down to runs this long. */
    private static final int RUN = 16;

    private BlockedSum() {}

    /** The sum (or sum of squares) of x[off + i * stride] for i in [0, n). */
    static float sum(float[] x, int off, int n, int stride, boolean squares) {
        int blocks = Math.ceilDiv(n, BLOCK);
        if (blocks <= 1) return block(x, off, n, stride, squares);
        float[] partial = new float[blocks];
        for (int b = 0; b < blocks; b++)
            partial[b] = block(x, off + b * BLOCK * stride, Math.min(BLOCK, n - b * BLOCK), stride, squares);
        return pairwise(partial, 0, blocks);
    }

    /** {@link #sum} of a contiguous row with the blocks shared among the threads; the same result bit for bit. */
    static float sumParallel(float[] x, int off, int n, boolean squares) {
        int blocks = Math.ceilDiv(n, BLOCK);
        if (blocks <= 1) return block(x, off, n, 1, squares);
        float[] partial = new float[blocks];
        Parallel.range(blocks, Math.max(1, StridedLoop.GRAIN / BLOCK), (from, to) -> {
            for (int b = from; b < to; b++)
                partial[b] = block(x, off + b * BLOCK, Math.min(BLOCK, n - b * BLOCK), 1, squares);
        });
        return pairwise(partial, 0, blocks);
    }

    /** p[lo] + ... + p[hi - 1], added as a balanced tree. */
    static float pairwise(float[] p, int lo, int hi) {
        if (hi - lo == 1) return p[lo];
        int mid = (lo + hi) >>> 1;
        return pairwise(p, lo, mid) + pairwise(p, mid, hi);
    }

    private static float block(float[] x, int off, int n, int stride, boolean squares) {
        if (stride == 1) return squares ? VectorF32.dot(x, off, x, off, n) : VectorF32.sum(x, off, n);
        if (n > RUN) {
            int half = n >>> 1;
            return block(x, off, half, stride, squares) + block(x, off + half * stride, n - half, stride, squares);
        }
        float s = 0f;
        if (squares) for (int i = 0; i < n; i++) s += x[off + i * stride] * x[off + i * stride];
        else for (int i = 0; i < n; i++) s += x[off + i * stride];
        return s;
    }
}
