/**
 * Optimizers written with NDArray operations, one per training-core rule ({@code DjlSGD}, {@code DjlMomentum},
 * {@code DjlRMSprop}, {@code DjlAdam}, {@code DjlAdagrad}, {@code DjlAdadelta}), taking training-core's typed
 * hyper-parameters so both engines accept the same options. Imports {@code dev.descent.optim} and {@code spec} of
 * training-core besides DJL.
 */
package dev.descent.djl.optim;
