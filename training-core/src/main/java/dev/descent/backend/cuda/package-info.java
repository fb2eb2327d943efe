/**
 * The {@code cuda} backend: the kernels of {@link dev.descent.backend.Backend} on an NVIDIA GPU, through the CUDA
 * driver API, cuBLAS and NVRTC called with the FFM API ({@code java.lang.foreign}; bindings written by hand in
 * {@link dev.descent.backend.cuda.CudaDriver}, {@link dev.descent.backend.cuda.Cublas} and
 * {@link dev.descent.backend.cuda.Nvrtc}). Kernels are CUDA C sources in the jar, compiled at run time for the device's
 * architecture and cached on disk; device memory goes through a caching allocator. Imports only {@code backend};
 * nothing imports it, since backends are found with {@link java.util.ServiceLoader}.
 */
package dev.descent.backend.cuda;
