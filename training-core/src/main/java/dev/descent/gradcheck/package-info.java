/**
 * The catalogue {@code descent gradcheck} runs: every differentiable op, {@code nn.F} function, loss and recurrent
 * cell, its backward compared with central finite differences in float64. Imports {@code nn}, {@code loss}, the tensor
 * core and {@code backend}.
 */
package dev.descent.gradcheck;
