package dev.descent.backend.cpu;

import dev.descent.backend.StridedView;

/**
 * Iterates a shape over several strided operands, one innermost row at a time, after merging dimensions that are
 * contiguous for every operand (so a contiguous tensor is one long row). Rows, or chunks of a single long row, run in
 * parallel when the loop is big enough.
 */
final class StridedLoop {
    /** Elements below which a loop stays on the calling thread. */
    static final int GRAIN = 1 << 15;

    @FunctionalInterface
    interface Row {
        /** Processes n elements starting at offsets off[k] (one per operand), each with inner stride strides[k]. */
        void run(int[] off, int n);
    }

    final int[] sizes;
    final int[][] strides;
    private final int[] base;
    final int[] inner;

    private StridedLoop(int[] sizes, int[][] strides, int[] base) {
        this.sizes = sizes;
        this.strides = strides;
        this.base = base;
        this.inner = new int[strides.length];
        for (int k = 0; k < strides.length; k++) inner[k] = strides[k][sizes.length - 1];
    }

    /** The loop over {@code operands[0]}'s shape; every operand must have that shape (broadcast views allowed). */
    static StridedLoop of(StridedView... operands) {
        int[] shape = operands[0].sizes();
        int ops = operands.length;
        int[][] st = new int[ops][];
        int[] base = new int[ops];
        for (int k = 0; k < ops; k++) {
            st[k] = operands[k].strides();
            base[k] = operands[k].offset();
        }
        // Drop size-1 dims, then merge neighbours that are contiguous for every operand.
        int[] sizes = new int[Math.max(shape.length, 1)];
        int[][] strides = new int[ops][sizes.length];
        int rank = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) continue;
            if (rank > 0) {
                boolean merge = true;
                for (int k = 0; k < ops; k++) {
                    if (strides[k][rank - 1] != st[k][d] * shape[d]) {
                        merge = false;
                        break;
                    }
                }
                if (merge) {
                    sizes[rank - 1] *= shape[d];
                    for (int k = 0; k < ops; k++) strides[k][rank - 1] = st[k][d];
                    continue;
                }
            }
            sizes[rank] = shape[d];
            for (int k = 0; k < ops; k++) strides[k][rank] = st[k][d];
            rank++;
        }
        if (rank == 0) {
            sizes[0] = shape.length == 0 || operands[0].numel() == 1 ? 1 : 0;
            for (int d : shape) if (d == 0) sizes[0] = 0;
            rank = 1;
        }
        int[] s = java.util.Arrays.copyOf(sizes, rank);
        int[][] t = new int[ops][];
        for (int k = 0; k < ops; k++) t[k] = java.util.Arrays.copyOf(strides[k], rank);
        return new StridedLoop(s, t, base);
    }

    int rowLength() {
        return sizes[sizes.length - 1];
    }

    int rows() {
        int r = 1;
        for (int d = 0; d < sizes.length - 1; d++) r *= sizes[d];
        return r;
    }

    long numel() {
        return (long) rows() * rowLength();
    }

    void run(Row row) {
        int rows = rows(), len = rowLength();
        if (rows == 0 || len == 0) return;
        if (rows == 1) {
            // One long row: split it into contiguous pieces.
            Parallel.range(len, GRAIN, (from, to) -> {
                int[] off = new int[base.length];
                for (int k = 0; k < off.length; k++) off[k] = base[k] + from * inner[k];
                row.run(off, to - from);
            });
            return;
        }
        int grainRows = Math.max(1, GRAIN / Math.max(len, 1));
        Parallel.range(rows, grainRows, (from, to) -> runRows(row, from, to));
    }

    /** Like {@link #run}, always on the calling thread (for kernels whose writes may collide). */
    void runSerial(Row row) {
        if (rows() == 0 || rowLength() == 0) return;
        runRows(row, 0, rows());
    }

    private void runRows(Row row, int from, int to) {
        int outer = sizes.length - 1, ops = base.length;
        int[] idx = new int[outer];
        int[] off = new int[ops];
        // Position the odometer at row 'from'.
        int rem = from;
        for (int d = outer - 1; d >= 0; d--) {
            idx[d] = rem % sizes[d];
            rem /= sizes[d];
        }
        int[] cur = new int[ops];
        for (int k = 0; k < ops; k++) {
            int o = base[k];
            for (int d = 0; d < outer; d++) o += idx[d] * strides[k][d];
            cur[k] = o;
        }
        int len = rowLength();
        for (int r = from; r < to; r++) {
            System.arraycopy(cur, 0, off, 0, ops);
            row.run(off, len);
            for (int d = outer - 1; d >= 0; d--) {
                idx[d]++;
                for (int k = 0; k < ops; k++) cur[k] += strides[k][d];
                if (idx[d] < sizes[d]) break;
                for (int k = 0; k < ops; k++) cur[k] -= strides[k][d] * sizes[d];
                idx[d] = 0;
            }
        }
    }
}
