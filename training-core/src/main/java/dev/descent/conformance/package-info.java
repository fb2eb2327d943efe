/**
 * The randomized cross-check against PyTorch that {@code descent conform} and {@code TorchConformanceTest} run: case
 * families that draw seeded cases and give Descent's side of each op ({@code *Cases}),
 * {@link dev.descent.conformance.TorchOracle} (PyTorch in one Python process, {@code torch_oracle.py}), the comparison,
 * the documented {@link dev.descent.conformance.KnownDifference}s and the {@link dev.descent.conformance.Report}.
 * Imports {@code optim}, {@code nn}, {@code loss}, the tensor core and {@code backend}; {@code cli} imports it.
 */
package dev.descent.conformance;
