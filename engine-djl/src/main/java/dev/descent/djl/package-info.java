/**
 * The {@code djl} training engine: the same model specs and train configs trained on libtorch through DJL's PyTorch
 * engine, step for step as the native engine trains them (same batches, initial weights, metrics, checkpoints'
 * meaning), so every result can be checked against libtorch. Imports training-core's contract ({@code spec}) and the
 * pieces below it that make both engines agree ({@code data}, {@code io}, {@code tensor} and {@code backend} values,
 * {@code optim}'s hyper-parameters and lr schedules), {@code train.ModelBuilder} for the initial weights, and
 * {@code cli.bench.BenchTarget}; never native modules, ops or autograd.
 */
package dev.descent.djl;
