/**
 * Loss functions as PyTorch defines them (MSE, cross-entropy, NLL, BCE with and without logits, L1, smooth L1, Huber),
 * each with its reduction, and {@link dev.descent.loss.Losses} to make one by name. With {@code nn}, the modules layer:
 * imports the tensor core and {@code backend} only.
 */
package dev.descent.loss;
