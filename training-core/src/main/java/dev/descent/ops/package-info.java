/**
 * One primitive op per file, its forward and backward side by side with the formula in the class comment. Naming rule:
 * every op is a {@link dev.descent.autograd.Function} named after the primitive it computes plus {@code Op}
 * ({@code AddOp}, {@code SigmoidOp}, {@code MaxPool2dOp}), so no op shares a name with the {@code nn} module PyTorch
 * gives the same word; its graph node drops the suffix ({@code SigmoidBackward}). The rest are helpers:
 * {@link dev.descent.ops.Kernels} (raw kernel calls with broadcasting and promotion), {@link dev.descent.ops.InPlace},
 * {@code IndexChecks}, {@link dev.descent.ops.Sorting} (the order sort and topk gather by) and
 * {@link dev.descent.ops.ViewGeometry} (where a view lies in its base, for writes through views). Part of the tensor
 * core with {@code tensor} and {@code autograd}; imports only those and {@code backend}. User code calls the
 * {@link dev.descent.tensor.Tensor} methods, not these classes.
 */
package dev.descent.ops;
