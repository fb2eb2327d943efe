/**
 * Static graphs: {@link dev.descent.graph.Tracer} records one call of a function over tensors (a forward pass or a
 * whole training step, backward and optimizer update included) as a {@link dev.descent.graph.Graph} of kernel calls,
 * {@link dev.descent.graph.Passes} optimise it (dead code, constant folding, common subexpressions, GEMM epilogues,
 * elementwise fusion) and {@link dev.descent.graph.CompiledGraph} replays it over planned buffers. It records at the
 * kernel level, through {@link dev.descent.backend.KernelHook}, so everything that runs a kernel is captured. Imports
 * the tensor core and {@code backend} only; {@code train} and {@code cli} import it.
 */
package dev.descent.graph;
