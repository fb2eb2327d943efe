/**
 * {@link dev.descent.tensor.Tensor}, the n-dimensional array users work with (a strided view over a storage, NumPy
 * broadcasting, in-place ops with a version counter, PyTorch method names), its {@link dev.descent.tensor.Shape} and
 * its printing. With {@code autograd} and {@code ops} it forms the tensor core, one layer whose packages use each other
 * (a tensor method runs an op, an op records an autograd node); the core imports only {@code backend} besides.
 */
package dev.descent.tensor;
