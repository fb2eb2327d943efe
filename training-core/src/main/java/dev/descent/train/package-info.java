/**
 * The {@code native} training engine: {@link dev.descent.train.NativeEngine} (found with
 * {@link java.util.ServiceLoader}), the {@link dev.descent.train.Trainer} loop, {@link dev.descent.train.ModelBuilder}
 * (a planned spec to a module tree) and safetensors {@link dev.descent.train.Checkpoints}. Imports every layer below it
 * ({@code spec}, {@code optim}, {@code nn}, {@code loss}, {@code data}, {@code io}, {@code graph} for {@code --mode
 * graph}, the tensor core, {@code backend}); only {@code cli} imports it.
 */
package dev.descent.train;
