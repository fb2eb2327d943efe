/**
 * The {@code cpu} backend: the kernels of {@link dev.descent.backend.Backend} on Java arrays, vectorised with the JDK
 * Vector API and run on both cores (a packed GEMM, im2col, strided loops, fused optimizer updates). Imports only
 * {@code backend}; nothing imports it, since backends are found with {@link java.util.ServiceLoader}.
 */
package dev.descent.backend.cpu;
