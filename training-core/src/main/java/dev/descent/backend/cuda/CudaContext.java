package dev.descent.backend.cuda;

import dev.descent.backend.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.Map;

/**
 * Device 0 made ready: the libraries bound, the primary context, one stream for all work (so kernels, copies and cuBLAS
 * run in issue order and nothing waits for the host), a cuBLAS handle on that stream, the kernels loaded, and the
 * caching allocator. Built once, on first use of the backend.
 */
final class CudaContext {
    final CudaDriver driver;
    final Cublas cublas;
    final Nvrtc nvrtc;
    final int device;
    final String deviceName;
    final int arch;
    final int multiprocessors;
    final long totalMemory;
    final int driverVersion;
    final int cublasVersion;
    final boolean tf32;
    final MemorySegment context;
    final MemorySegment stream;
    final MemorySegment cublasHandle;
    final MemorySegment module;
    final long errorFlag;
    final CachingAllocator allocator;
    private final Map<String, MemorySegment> functions = new HashMap<>();

    private CudaContext(NativeLibrary cuda, NativeLibrary cublasLib, NativeLibrary nvrtcLib) {
        driver = new CudaDriver(cuda);
        driver.init();
        if (driver.deviceCount() == 0) throw new IllegalStateException("the CUDA driver sees no GPU");
        device = driver.device(0);
        deviceName = driver.deviceName(device);
        arch = driver.attribute(CudaDriver.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device) * 10
                + driver.attribute(CudaDriver.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
        multiprocessors = driver.attribute(CudaDriver.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device);
        totalMemory = driver.totalMemory(device);
        driverVersion = driver.driverVersion();
        context = driver.primaryContext(device);
        driver.setCurrent(context);
        stream = driver.streamCreate();
        nvrtc = new Nvrtc(nvrtcLib);
        cublas = new Cublas(cublasLib);
        cublasHandle = cublas.create();
        cublas.setStream(cublasHandle, stream);
        cublasVersion = cublas.version(cublasHandle);
        tf32 = Boolean.getBoolean("descent.cuda.tf32");
        cublas.setMathMode(cublasHandle, tf32 ? Cublas.TF32_TENSOR_OP_MATH : Cublas.DEFAULT_MATH);
        byte[] cubin = KernelCache.cubin(nvrtc, arch);
        MemorySegment image = Arena.global().allocate(cubin.length + 1L);
        MemorySegment.copy(MemorySegment.ofArray(cubin), 0, image, 0, cubin.length);
        module = driver.moduleLoadData(image);
        errorFlag = driver.moduleGlobal(module, "descent_error");
        allocator = new CachingAllocator(driver::memAlloc, driver::memFree, () -> driver.streamSynchronize(stream));
    }

    /** Loads the libraries and sets the device up; throws with the reason when there is no usable GPU. */
    static CudaContext open() {
        NativeLibrary cuda = NativeLibrary.load("cuda", 1);
        NativeLibrary cublas = NativeLibrary.load("cublas", 0);
        NativeLibrary nvrtc = NativeLibrary.load("nvrtc", 0);
        return new CudaContext(cuda, cublas, nvrtc);
    }

    /** Makes the context current on the calling thread (cheap; the driver keeps one per thread). */
    void makeCurrent() {
        driver.setCurrent(context);
    }

    synchronized MemorySegment function(String name) {
        return functions.computeIfAbsent(name, n -> driver.moduleFunction(module, n));
    }

    /** The kernels' name for a dtype's element type. */
    static String suffix(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "f32";
            case FLOAT64 -> "f64";
            case INT64 -> "i64";
            case INT32 -> "i32";
            case INT8 -> "i8";
            case UINT8 -> "u8";
            case BOOL -> "bool";
        };
    }

    /** Reads and clears the kernels' error word; the stream must be synchronised first. */
    int takeError(MemorySegment scratch) {
        driver.copyDeviceToHost(scratch, errorFlag, 4, stream);
        driver.streamSynchronize(stream);
        int code = scratch.get(ValueLayout.JAVA_INT, 0);
        if (code != 0) driver.memsetD8(errorFlag, (byte) 0, 4, stream);
        return code;
    }
}
