package dev.descent.backend.cpu;

import dev.descent.backend.DType;
import dev.descent.backend.Epilogue;
import dev.descent.backend.StridedView;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A matrix product's {@link Epilogue} as the float32 kernels apply it while storing C: c = act(c + bias[col]), with the
 * bias contiguous from {@code biasOff} (column 0 of the block being stored). The same IEEE addition and the same
 * comparison as the separate ADD and RELU kernels, so the bits do not change.
 */
record StoreEpilogue(float[] bias, int biasOff, boolean relu) {
    private static final VectorSpecies<Float> S = VectorF32.S;
    private static final int L = S.length();

    /** The kernels' form of {@code e}, or null when it does nothing; a strided bias is copied (it is one row). */
    static StoreEpilogue of(Epilogue e) {
        if (e == null || e.isNone()) return null;
        boolean relu = e.activation() == Epilogue.Activation.RELU;
        StridedView b = e.bias();
        if (b == null) return new StoreEpilogue(null, 0, relu);
        if (b.dtype() != DType.FLOAT32)
            throw new IllegalArgumentException("epilogue bias is " + b.dtype().label() + ", the product float32");
        float[] data = CpuBackend.storage(b).f32();
        if (b.stride(0) == 1 || b.size(0) <= 1) return new StoreEpilogue(data, b.offset(), relu);
        float[] copy = new float[b.size(0)];
        for (int j = 0; j < copy.length; j++) copy[j] = data[b.offset() + j * b.stride(0)];
        return new StoreEpilogue(copy, 0, relu);
    }

    /** The same epilogue for a block of C that starts {@code cols} columns further right. */
    StoreEpilogue shifted(int cols) {
        return cols == 0 || bias == null ? this : new StoreEpilogue(bias, biasOff + cols, relu);
    }

    /** One vector of C at column {@code col}, in registers. */
    FloatVector apply(FloatVector v, int col) {
        if (bias != null) v = v.add(FloatVector.fromArray(S, bias, biasOff + col));
        if (relu) {
            FloatVector zero = FloatVector.zero(S);
            v = v.blend(zero, v.compare(VectorOperators.LE, zero));
        }
        return v;
    }

    /** One element of C at column {@code col}. */
    float apply(float x, int col) {
        if (bias != null) x = x + bias[biasOff + col];
        return relu && x <= 0 ? 0f : x;
    }

    /**
     * One full MR x NR tile of C just stored by the micro-kernel, at c[co] with row stride ldc. A pass of its own, not
     * part of the micro-kernel: with it inside, C2 stopped compiling the kernel's vectors (ten times slower).
     */
    void tile(float[] c, int co, int ldc, int col) {
        for (int i = 0; i < Gemm.MR; i++) {
            int row = co + i * ldc;
            for (int j = 0; j < Gemm.NR; j += L)
                apply(FloatVector.fromArray(S, c, row + j), col + j).intoArray(c, row + j);
        }
    }

    /** Columns [col, col + n) of one row of C, starting at c[co]. */
    void row(float[] c, int co, int col, int n) {
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L)
            apply(FloatVector.fromArray(S, c, co + j), col + j).intoArray(c, co + j);
        for (; j < n; j++) c[co + j] = apply(c[co + j], col + j);
    }
}
