package dev.descent.backend.cuda;

/** A failed CUDA, cuBLAS or NVRTC call, with the library's result code. */
public final class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;

    CudaException(String message, int code) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
