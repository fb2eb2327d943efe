/**
 * Define-by-run reverse-mode differentiation: {@link dev.descent.autograd.Function} (a forward and its backward, with a
 * {@link dev.descent.autograd.Context}), the graph of {@link dev.descent.autograd.Node}s it records,
 * {@link dev.descent.autograd.Backprop} (the topological backward that sums broadcast gradients back in one place),
 * {@link dev.descent.autograd.GradMode}, {@link dev.descent.autograd.GradCheck} and {@link dev.descent.autograd.Dot}.
 * Part of the tensor core with {@code tensor} and {@code ops}; imports only those and {@code backend}.
 */
package dev.descent.autograd;
