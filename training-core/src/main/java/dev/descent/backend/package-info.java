/**
 * The bottom layer: what a kernel knows. {@link dev.descent.backend.Backend} is the SPI of primitive kernels (allocate,
 * copy, elementwise, reduce, gemm, im2col, pooling, random fills), found with {@link java.util.ServiceLoader}; kernels
 * take {@link dev.descent.backend.StridedView}s (storage, dtype, sizes, strides, offset), never a tensor. Here too live
 * the values every layer above shares: {@link dev.descent.backend.DType}, {@link dev.descent.backend.Storage} and the
 * seeded {@link dev.descent.backend.Generator}. Imports nothing of Descent: like ATen, it knows nothing of autograd.
 */
package dev.descent.backend;
