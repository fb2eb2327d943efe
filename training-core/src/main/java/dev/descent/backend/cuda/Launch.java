package dev.descent.backend.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.descent.backend.ConvGeometry;
import dev.descent.backend.StridedView;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The argument list of one kernel launch, packed as cuLaunchKernel reads it: an array of pointers, one per parameter,
 * to the parameter's bytes. {@code Shape} and {@code View} are the structs of kernels.cu. One buffer is reused for
 * every launch (the driver copies the parameters when the launch is queued); the backend launches under its lock.
 */
final class Launch {
    static final int MAX_DIMS = 8;
    private static final int SHAPE_BYTES = 8 + 4 * MAX_DIMS;
    private static final int VIEW_BYTES = 4 + 4 * MAX_DIMS;

    private final MemorySegment values = Arena.global().allocate(4096, 16);
    private final MemorySegment pointers = Arena.global().allocate(ADDRESS, 32);
    private final long[] offsets = new long[32];
    private long used;
    private int count;

    Launch reset() {
        used = 0;
        count = 0;
        return this;
    }

    MemorySegment pointers() {
        return pointers;
    }

    int count() {
        return count;
    }

    /** The bytes of argument {@code i} as packed (for tests). */
    MemorySegment argument(int i) {
        if (i >= count) throw new IndexOutOfBoundsException("argument " + i + " of " + count);
        return values.asSlice(offsets[i]);
    }

    private long slot(long bytes) {
        long at = used;
        if (count == 32 || at + bytes > values.byteSize())
            throw new IllegalStateException("kernel launch: too many arguments");
        used = (at + bytes + 7) & ~7L;
        offsets[count] = at;
        pointers.setAtIndex(ADDRESS, count++, values.asSlice(at, bytes));
        return at;
    }

    Launch i32(int v) {
        values.set(JAVA_INT, slot(4), v);
        return this;
    }

    Launch i64(long v) {
        values.set(JAVA_LONG, slot(8), v);
        return this;
    }

    Launch f64(double v) {
        values.set(JAVA_DOUBLE, slot(8), v);
        return this;
    }

    Launch f32(float v) {
        values.set(JAVA_FLOAT, slot(4), v);
        return this;
    }

    Launch i8(byte v) {
        values.set(JAVA_BYTE, slot(1), v);
        return this;
    }

    /** A device pointer to element 0 of the view's storage (views add their own offset). */
    Launch ptr(StridedView v) {
        return i64(CudaBackend.storage(v).ptr);
    }

    /** A device pointer to the view's first element. */
    Launch ptrAt(StridedView v) {
        return i64(CudaBackend.storage(v).address(v.offset()));
    }

    /** struct Shape { int rank; int n; int sz[8]; } */
    Launch shape(int[] sizes) {
        checkRank(sizes.length);
        long at = slot(SHAPE_BYTES);
        int n = 1;
        for (int s : sizes) n *= s;
        values.set(JAVA_INT, at, sizes.length);
        values.set(JAVA_INT, at + 4, n);
        for (int d = 0; d < MAX_DIMS; d++) values.set(JAVA_INT, at + 8 + 4L * d, d < sizes.length ? sizes[d] : 1);
        return this;
    }

    /** struct View { int off; int st[8]; } with strides given for the iteration shape. */
    Launch view(int offset, int[] strides) {
        checkRank(strides.length);
        long at = slot(VIEW_BYTES);
        values.set(JAVA_INT, at, offset);
        for (int d = 0; d < MAX_DIMS; d++) values.set(JAVA_INT, at + 4 + 4L * d, d < strides.length ? strides[d] : 0);
        return this;
    }

    /** The view of {@code v} broadcast to {@code shape} (trailing dimensions aligned, as NumPy does). */
    Launch view(StridedView v, int[] shape) {
        return view(v.offset(), broadcastStrides(v, shape));
    }

    /** struct Geo { int n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow; } */
    Launch geometry(ConvGeometry g) {
        int[] f = {
            g.n(), g.c(), g.h(), g.w(), g.kh(), g.kw(), g.sh(), g.sw(), g.ph(), g.pw(), g.dh(), g.dw(), g.outH(),
            g.outW()
        };
        long at = slot(4L * f.length);
        for (int i = 0; i < f.length; i++) values.set(JAVA_INT, at + 4L * i, f[i]);
        return this;
    }

    static int[] broadcastStrides(StridedView v, int[] shape) {
        int[] sizes = v.sizes(), strides = v.strides(), out = new int[shape.length];
        int shift = shape.length - sizes.length;
        if (shift < 0)
            throw new IllegalArgumentException(
                    "cannot broadcast " + Arrays.toString(sizes) + " to " + Arrays.toString(shape));
        for (int d = 0; d < sizes.length; d++) {
            if (sizes[d] == shape[d + shift]) out[d + shift] = sizes[d] == 1 ? 0 : strides[d];
            else if (sizes[d] == 1) out[d + shift] = 0;
            else
                throw new IllegalArgumentException(
                        "cannot broadcast " + Arrays.toString(sizes) + " to " + Arrays.toString(shape));
        }
        return out;
    }

    private static void checkRank(int rank) {
        if (rank > MAX_DIMS)
            throw new IllegalArgumentException(
                    "the cuda backend's kernels take at most " + MAX_DIMS + " dimensions, got " + rank);
    }
}
