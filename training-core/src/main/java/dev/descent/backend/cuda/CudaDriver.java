package dev.descent.backend.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * Bindings to the CUDA driver API ({@code libcuda.so.1}), as jextract would write them for the few functions the
 * backend calls. Handles are bound once; every call checks its {@code CUresult} and throws {@link CudaException} with
 * the driver's own error name.
 */
@SuppressWarnings("restricted") // C strings the driver returns have no size until reinterpreted
final class CudaDriver {
    static final int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
    static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;

    private static final FunctionDescriptor I_P = FunctionDescriptor.of(JAVA_INT, ADDRESS);

    static final Binding INIT = Binding.of("cuInit", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    static final Binding DRIVER_GET_VERSION = Binding.of("cuDriverGetVersion", I_P);
    static final Binding GET_ERROR_STRING =
            Binding.of("cuGetErrorString", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    static final Binding DEVICE_GET_COUNT = Binding.of("cuDeviceGetCount", I_P);
    static final Binding DEVICE_GET = Binding.of("cuDeviceGet", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final Binding DEVICE_GET_NAME =
            Binding.of("cuDeviceGetName", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    static final Binding DEVICE_GET_ATTRIBUTE =
            Binding.of("cuDeviceGetAttribute", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    static final Binding DEVICE_TOTAL_MEM =
            Binding.v2("cuDeviceTotalMem", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final Binding PRIMARY_CTX_RETAIN =
            Binding.of("cuDevicePrimaryCtxRetain", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final Binding CTX_SET_CURRENT = Binding.of("cuCtxSetCurrent", I_P);
    static final Binding CTX_SYNCHRONIZE = Binding.of("cuCtxSynchronize", FunctionDescriptor.of(JAVA_INT));
    static final Binding MEM_GET_INFO = Binding.v2("cuMemGetInfo", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final Binding MEM_ALLOC = Binding.v2("cuMemAlloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    static final Binding MEM_FREE = Binding.v2("cuMemFree", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
    static final Binding MEMCPY_HTOD_ASYNC =
            Binding.v2("cuMemcpyHtoDAsync", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS));
    static final Binding MEMCPY_DTOH_ASYNC =
            Binding.v2("cuMemcpyDtoHAsync", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS));
    static final Binding MEMCPY_DTOD_ASYNC =
            Binding.v2("cuMemcpyDtoDAsync", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS));
    static final Binding MEMSET_D8_ASYNC =
            Binding.of("cuMemsetD8Async", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_BYTE, JAVA_LONG, ADDRESS));
    static final Binding STREAM_CREATE =
            Binding.of("cuStreamCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final Binding STREAM_SYNCHRONIZE = Binding.of("cuStreamSynchronize", I_P);
    static final Binding MODULE_LOAD_DATA =
            Binding.of("cuModuleLoadData", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final Binding MODULE_GET_FUNCTION =
            Binding.of("cuModuleGetFunction", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    static final Binding MODULE_GET_GLOBAL =
            Binding.v2("cuModuleGetGlobal", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final Binding LAUNCH_KERNEL = Binding.of(
            "cuLaunchKernel",
            FunctionDescriptor.of(
                    JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS,
                    ADDRESS, ADDRESS));
    static final Binding EVENT_CREATE = Binding.of("cuEventCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final Binding EVENT_RECORD = Binding.of("cuEventRecord", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final Binding EVENT_SYNCHRONIZE = Binding.of("cuEventSynchronize", I_P);
    static final Binding EVENT_DESTROY = Binding.v2("cuEventDestroy", I_P);
    /** cuEventElapsedTime_v2 since CUDA 12.8; older drivers export only the first version, which the code falls to. */
    static final Binding EVENT_ELAPSED_TIME =
            Binding.v2("cuEventElapsedTime", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));

    static final List<Binding> ALL = List.of(
            INIT,
            DRIVER_GET_VERSION,
            GET_ERROR_STRING,
            DEVICE_GET_COUNT,
            DEVICE_GET,
            DEVICE_GET_NAME,
            DEVICE_GET_ATTRIBUTE,
            DEVICE_TOTAL_MEM,
            PRIMARY_CTX_RETAIN,
            CTX_SET_CURRENT,
            CTX_SYNCHRONIZE,
            MEM_GET_INFO,
            MEM_ALLOC,
            MEM_FREE,
            MEMCPY_HTOD_ASYNC,
            MEMCPY_DTOH_ASYNC,
            MEMCPY_DTOD_ASYNC,
            MEMSET_D8_ASYNC,
            STREAM_CREATE,
            STREAM_SYNCHRONIZE,
            MODULE_LOAD_DATA,
            MODULE_GET_FUNCTION,
            MODULE_GET_GLOBAL,
            LAUNCH_KERNEL,
            EVENT_CREATE,
            EVENT_RECORD,
            EVENT_SYNCHRONIZE,
            EVENT_DESTROY,
            EVENT_ELAPSED_TIME);

    final NativeLibrary lib;
    private final MethodHandle init,
            driverVersion,
            errorString,
            deviceCount,
            deviceGet,
            deviceName,
            deviceAttribute,
            totalMem,
            primaryCtxRetain,
            ctxSetCurrent,
            ctxSynchronize,
            memGetInfo,
            memAlloc,
            memFree,
            htod,
            dtoh,
            dtod,
            memsetD8,
            streamCreate,
            streamSynchronize,
            moduleLoadData,
            moduleGetFunction,
            moduleGetGlobal,
            launchKernel,
            eventCreate,
            eventRecord,
            eventSynchronize,
            eventDestroy,
            eventElapsed;

    CudaDriver(NativeLibrary lib) {
        this.lib = lib;
        init = lib.bind(INIT);
        driverVersion = lib.bind(DRIVER_GET_VERSION);
        errorString = lib.bind(GET_ERROR_STRING);
        deviceCount = lib.bind(DEVICE_GET_COUNT);
        deviceGet = lib.bind(DEVICE_GET);
        deviceName = lib.bind(DEVICE_GET_NAME);
        deviceAttribute = lib.bind(DEVICE_GET_ATTRIBUTE);
        totalMem = lib.bind(DEVICE_TOTAL_MEM);
        primaryCtxRetain = lib.bind(PRIMARY_CTX_RETAIN);
        ctxSetCurrent = lib.bind(CTX_SET_CURRENT);
        ctxSynchronize = lib.bind(CTX_SYNCHRONIZE);
        memGetInfo = lib.bind(MEM_GET_INFO);
        memAlloc = lib.bind(MEM_ALLOC);
        memFree = lib.bind(MEM_FREE);
        htod = lib.bind(MEMCPY_HTOD_ASYNC);
        dtoh = lib.bind(MEMCPY_DTOH_ASYNC);
        dtod = lib.bind(MEMCPY_DTOD_ASYNC);
        memsetD8 = lib.bind(MEMSET_D8_ASYNC);
        streamCreate = lib.bind(STREAM_CREATE);
        streamSynchronize = lib.bind(STREAM_SYNCHRONIZE);
        moduleLoadData = lib.bind(MODULE_LOAD_DATA);
        moduleGetFunction = lib.bind(MODULE_GET_FUNCTION);
        moduleGetGlobal = lib.bind(MODULE_GET_GLOBAL);
        launchKernel = lib.bind(LAUNCH_KERNEL);
        eventCreate = lib.bind(EVENT_CREATE);
        eventRecord = lib.bind(EVENT_RECORD);
        eventSynchronize = lib.bind(EVENT_SYNCHRONIZE);
        eventDestroy = lib.bind(EVENT_DESTROY);
        eventElapsed = lib.find(EVENT_ELAPSED_TIME.symbol(), EVENT_ELAPSED_TIME.descriptor())
                .or(() -> lib.find("cuEventElapsedTime", EVENT_ELAPSED_TIME.descriptor()))
                .orElseThrow(() -> new UnsatisfiedLinkError(lib + " has no cuEventElapsedTime"));
    }

    /** The driver's name for a result code, e.g. CUDA_ERROR_OUT_OF_MEMORY ("out of memory"). */
    String errorString(int code) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            int rc = (int) errorString.invokeExact(code, p);
            if (rc != 0) return "CUresult " + code;
            return p.get(ADDRESS, 0).reinterpret(1024).getString(0) + " (CUresult " + code + ")";
        } catch (Throwable t) {
            return "CUresult " + code;
        }
    }

    void check(int rc, String what) {
        if (rc != 0) throw new CudaException(what + " failed: " + errorString(rc), rc);
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    void init() {
        try {
            check((int) init.invokeExact(0), "cuInit");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int driverVersion() {
        return intOut(driverVersion, "cuDriverGetVersion");
    }

    int deviceCount() {
        return intOut(deviceCount, "cuDeviceGetCount");
    }

    private int intOut(MethodHandle h, String what) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(JAVA_INT);
            check((int) h.invokeExact(p), what);
            return p.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int device(int ordinal) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(JAVA_INT);
            check((int) deviceGet.invokeExact(p, ordinal), "cuDeviceGet");
            return p.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    String deviceName(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(256);
            check((int) deviceName.invokeExact(p, 256, device), "cuDeviceGetName");
            return p.getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int attribute(int attribute, int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(JAVA_INT);
            check((int) deviceAttribute.invokeExact(p, attribute, device), "cuDeviceGetAttribute");
            return p.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long totalMemory(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(JAVA_LONG);
            check((int) totalMem.invokeExact(p, device), "cuDeviceTotalMem");
            return p.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {free, total} bytes of the current context's device. */
    long[] memoryInfo() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment f = a.allocate(JAVA_LONG), t = a.allocate(JAVA_LONG);
            check((int) memGetInfo.invokeExact(f, t), "cuMemGetInfo");
            return new long[] {f.get(JAVA_LONG, 0), t.get(JAVA_LONG, 0)};
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment primaryContext(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            check((int) primaryCtxRetain.invokeExact(p, device), "cuDevicePrimaryCtxRetain");
            return p.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void setCurrent(MemorySegment ctx) {
        try {
            check((int) ctxSetCurrent.invokeExact(ctx), "cuCtxSetCurrent");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void synchronizeContext() {
        try {
            check((int) ctxSynchronize.invokeExact(), "cuCtxSynchronize");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A device allocation, or 0 when the device is out of memory (so the caller can free its cache and retry). */
    long memAlloc(long bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(JAVA_LONG);
            int rc = (int) memAlloc.invokeExact(p, bytes);
            if (rc == 2) return 0; // CUDA_ERROR_OUT_OF_MEMORY
            check(rc, "cuMemAlloc(" + bytes + " bytes)");
            return p.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void memFree(long ptr) {
        try {
            check((int) memFree.invokeExact(ptr), "cuMemFree");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void copyHostToDevice(long dst, MemorySegment src, long bytes, MemorySegment stream) {
        try {
            check((int) htod.invokeExact(dst, src, bytes, stream), "cuMemcpyHtoDAsync");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void copyDeviceToHost(MemorySegment dst, long src, long bytes, MemorySegment stream) {
        try {
            check((int) dtoh.invokeExact(dst, src, bytes, stream), "cuMemcpyDtoHAsync");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void copyDeviceToDevice(long dst, long src, long bytes, MemorySegment stream) {
        try {
            check((int) dtod.invokeExact(dst, src, bytes, stream), "cuMemcpyDtoDAsync");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void memsetD8(long dst, byte value, long bytes, MemorySegment stream) {
        try {
            check((int) memsetD8.invokeExact(dst, value, bytes, stream), "cuMemsetD8Async");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment streamCreate() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            check((int) streamCreate.invokeExact(p, 1), "cuStreamCreate"); // CU_STREAM_NON_BLOCKING
            return p.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void streamSynchronize(MemorySegment stream) {
        try {
            check((int) streamSynchronize.invokeExact(stream), "cuStreamSynchronize");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment moduleLoadData(MemorySegment image) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            check((int) moduleLoadData.invokeExact(p, image), "cuModuleLoadData");
            return p.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment moduleFunction(MemorySegment module, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            check(
                    (int) moduleGetFunction.invokeExact(p, module, a.allocateFrom(name)),
                    "cuModuleGetFunction(" + name + ")");
            return p.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    long moduleGlobal(MemorySegment module, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(JAVA_LONG), size = a.allocate(JAVA_LONG);
            check(
                    (int) moduleGetGlobal.invokeExact(p, size, module, a.allocateFrom(name)),
                    "cuModuleGetGlobal(" + name + ")");
            return p.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void launch(
            MemorySegment function,
            int gridX,
            int gridY,
            int blockX,
            int sharedBytes,
            MemorySegment stream,
            MemorySegment params) {
        try {
            int rc = (int) launchKernel.invokeExact(
                    function, gridX, gridY, 1, blockX, 1, 1, sharedBytes, stream, params, MemorySegment.NULL);
            check(rc, "cuLaunchKernel");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment eventCreate() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            check((int) eventCreate.invokeExact(p, 0), "cuEventCreate");
            return p.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void eventRecord(MemorySegment event, MemorySegment stream) {
        try {
            check((int) eventRecord.invokeExact(event, stream), "cuEventRecord");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void eventSynchronize(MemorySegment event) {
        try {
            check((int) eventSynchronize.invokeExact(event), "cuEventSynchronize");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void eventDestroy(MemorySegment event) {
        try {
            check((int) eventDestroy.invokeExact(event), "cuEventDestroy");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    float elapsedMs(MemorySegment start, MemorySegment end) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(JAVA_FLOAT);
            check((int) eventElapsed.invokeExact(p, start, end), "cuEventElapsedTime");
            return p.get(JAVA_FLOAT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
