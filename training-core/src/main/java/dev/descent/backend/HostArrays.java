package dev.descent.backend;

/** The Java array type that holds each dtype on the host. */
public final class HostArrays {
    private HostArrays() {}

    public static Object allocate(DType dtype, int n) {
        return switch (dtype) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT64 -> new long[n];
            case INT32 -> new int[n];
            case INT8, UINT8, BOOL -> new byte[n];
        };
    }
}
