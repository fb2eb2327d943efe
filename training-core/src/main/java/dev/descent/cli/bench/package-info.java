/**
 * {@code descent bench}: timed workloads (GEMM, elementwise kernels, training steps) with warm-up, medians and the load
 * average, and the side-by-side comparison of training engines through each engine's
 * {@link dev.descent.cli.bench.BenchTarget} (found with {@link java.util.ServiceLoader}, so the djl engine plugs in).
 * PyTorch joins as an external engine: a Python child process running the shipped {@code pytorch_bench.py}. Imports
 * {@code spec}, {@code data}, the tensor core and {@code backend}.
 */
package dev.descent.cli.bench;
