package dev.descent.backend.cpu;

import dev.descent.backend.Backend;
import dev.descent.backend.DType;
import dev.descent.backend.HostArrays;
import dev.descent.backend.Storage;

/** A Java array per dtype: float[], double[], long[], int[], or byte[] for int8/uint8/bool. */
final class CpuStorage extends Storage {
    private final CpuBackend backend;
    final Object data;

    CpuStorage(CpuBackend backend, DType dtype, Object data, int size) {
        super(dtype, size);
        this.backend = backend;
        this.data = data;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    float[] f32() {
        return (float[]) data;
    }

    double[] f64() {
        return (double[]) data;
    }

    long[] i64() {
        return (long[]) data;
    }

    int[] i32() {
        return (int[]) data;
    }

    byte[] bytes() {
        return (byte[]) data;
    }

    /** Element i as a double (generic, slow paths only). */
    double getDouble(int i) {
        return switch (dtype()) {
            case FLOAT32 -> f32()[i];
            case FLOAT64 -> f64()[i];
            case INT64 -> i64()[i];
            case INT32 -> i32()[i];
            case INT8, BOOL -> bytes()[i];
            case UINT8 -> bytes()[i] & 0xFF;
        };
    }

    long getLong(int i) {
        return switch (dtype()) {
            case FLOAT32 -> (long) f32()[i];
            case FLOAT64 -> (long) f64()[i];
            case INT64 -> i64()[i];
            case INT32 -> i32()[i];
            case INT8, BOOL -> bytes()[i];
            case UINT8 -> bytes()[i] & 0xFF;
        };
    }

    void setDouble(int i, double v) {
        switch (dtype()) {
            case FLOAT32 -> f32()[i] = (float) v;
            case FLOAT64 -> f64()[i] = v;
            case INT64 -> i64()[i] = (long) v;
            case INT32 -> i32()[i] = (int) (long) v;
            case INT8, UINT8 -> bytes()[i] = (byte) (long) v;
            case BOOL -> bytes()[i] = (byte) (v != 0 ? 1 : 0);
        }
    }

    void setLong(int i, long v) {
        switch (dtype()) {
            case FLOAT32 -> f32()[i] = v;
            case FLOAT64 -> f64()[i] = v;
            case INT64 -> i64()[i] = v;
            case INT32 -> i32()[i] = (int) v;
            case INT8, UINT8 -> bytes()[i] = (byte) v;
            case BOOL -> bytes()[i] = (byte) (v != 0 ? 1 : 0);
        }
    }

    static Object allocate(DType dtype, int n) {
        return HostArrays.allocate(dtype, n);
    }
}
