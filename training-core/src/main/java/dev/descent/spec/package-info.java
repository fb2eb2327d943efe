/**
 * The contract every training engine shares, engine-neutral: what to train ({@link dev.descent.spec.ModelSpec},
 * {@link dev.descent.spec.LayerSpec}, {@link dev.descent.spec.TrainConfig} and their JSON, with errors naming the field
 * in a {@link dev.descent.spec.ConfigException}), the {@link dev.descent.spec.ModelPlan} that infers a spec's shapes
 * once, the {@link dev.descent.spec.TrainingEngine} SPI and what crosses it (job, result, listener, metric points,
 * checkpoint bytes, cancellation), and the run rules every engine follows alike (metric keys, early stopping, target
 * encoding). Imports {@code data}, {@code io}, the tensor core and {@code backend}; never {@code nn}, {@code loss},
 * {@code optim}, {@code ops}, {@code autograd}, {@code train} or {@code cli}, so an engine needs none of the native
 * one.
 */
package dev.descent.spec;
