package dev.descent.backend.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/** Bindings to NVRTC ({@code libnvrtc.so.12} or later): CUDA C source to a CUBIN for one architecture. */
@SuppressWarnings("restricted") // C strings NVRTC returns have no size until reinterpreted
final class Nvrtc {
    static final Binding VERSION = Binding.of("nvrtcVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final Binding GET_ERROR_STRING = Binding.of("nvrtcGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    static final Binding CREATE_PROGRAM = Binding.of(
            "nvrtcCreateProgram",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
    static final Binding COMPILE_PROGRAM =
            Binding.of("nvrtcCompileProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    static final Binding DESTROY_PROGRAM = Binding.of("nvrtcDestroyProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final Binding GET_LOG_SIZE =
            Binding.of("nvrtcGetProgramLogSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final Binding GET_LOG = Binding.of("nvrtcGetProgramLog", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final Binding GET_CUBIN_SIZE =
            Binding.of("nvrtcGetCUBINSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final Binding GET_CUBIN = Binding.of("nvrtcGetCUBIN", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final Binding GET_PTX_SIZE =
            Binding.of("nvrtcGetPTXSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final Binding GET_PTX = Binding.of("nvrtcGetPTX", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    static final List<Binding> ALL = List.of(
            VERSION,
            GET_ERROR_STRING,
            CREATE_PROGRAM,
            COMPILE_PROGRAM,
            DESTROY_PROGRAM,
            GET_LOG_SIZE,
            GET_LOG,
            GET_CUBIN_SIZE,
            GET_CUBIN,
            GET_PTX_SIZE,
            GET_PTX);

    final NativeLibrary lib;
    private final MethodHandle version,
            errorString,
            createProgram,
            compileProgram,
            destroyProgram,
            logSize,
            log,
            cubinSize,
            cubin;

    Nvrtc(NativeLibrary lib) {
        this.lib = lib;
        version = lib.bind(VERSION);
        errorString = lib.bind(GET_ERROR_STRING);
        createProgram = lib.bind(CREATE_PROGRAM);
        compileProgram = lib.bind(COMPILE_PROGRAM);
        destroyProgram = lib.bind(DESTROY_PROGRAM);
        logSize = lib.bind(GET_LOG_SIZE);
        log = lib.bind(GET_LOG);
        cubinSize = lib.bind(GET_CUBIN_SIZE);
        cubin = lib.bind(GET_CUBIN);
    }

    private void check(int rc, String what) throws Throwable {
        if (rc != 0) {
            MemorySegment s = (MemorySegment) errorString.invokeExact(rc);
            throw new CudaException(what + " failed: " + s.reinterpret(256).getString(0), rc);
        }
    }

    /** "major.minor" of this NVRTC, part of the kernel cache's key. */
    String version() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment major = a.allocate(JAVA_INT), minor = a.allocate(JAVA_INT);
            check((int) version.invokeExact(major, minor), "nvrtcVersion");
            return major.get(JAVA_INT, 0) + "." + minor.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw CudaDriver.rethrow(t);
        }
    }

    /** Compiles {@code source} to a CUBIN for {@code sm_<arch>}; a compile error throws with NVRTC's log. */
    byte[] compileToCubin(String source, String name, int arch) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment prog = a.allocate(ADDRESS);
            check(
                    (int) createProgram.invokeExact(
                            prog,
                            a.allocateFrom(source),
                            a.allocateFrom(name),
                            0,
                            MemorySegment.NULL,
                            MemorySegment.NULL),
                    "nvrtcCreateProgram");
            MemorySegment p = prog.get(ADDRESS, 0);
            try {
                String[] options = {"--gpu-architecture=sm_" + arch, "--std=c++17", "-default-device"};
                MemorySegment opts = a.allocate(ADDRESS, options.length);
                for (int i = 0; i < options.length; i++) opts.setAtIndex(ADDRESS, i, a.allocateFrom(options[i]));
                int rc = (int) compileProgram.invokeExact(p, options.length, opts);
                if (rc != 0) {
                    MemorySegment size = a.allocate(JAVA_LONG);
                    check((int) logSize.invokeExact(p, size), "nvrtcGetProgramLogSize");
                    MemorySegment text = a.allocate(Math.max(1, size.get(JAVA_LONG, 0)));
                    check((int) log.invokeExact(p, text), "nvrtcGetProgramLog");
                    throw new CudaException(
                            "NVRTC could not compile " + name + " for sm_" + arch + ":\n" + text.getString(0), rc);
                }
                MemorySegment size = a.allocate(JAVA_LONG);
                check((int) cubinSize.invokeExact(p, size), "nvrtcGetCUBINSize");
                MemorySegment bin = a.allocate(size.get(JAVA_LONG, 0));
                check((int) cubin.invokeExact(p, bin), "nvrtcGetCUBIN");
                return bin.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            } finally {
                check((int) destroyProgram.invokeExact(prog), "nvrtcDestroyProgram");
            }
        } catch (Throwable t) {
            throw CudaDriver.rethrow(t);
        }
    }
}
