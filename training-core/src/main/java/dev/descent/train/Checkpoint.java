package dev.descent.train;

/**
 * A saved training state: weights, optimizer state, epoch/step and RNG state, serialised in the
 * safetensors format. {@code epoch} and {@code step} are the position training resumes at.
 */
public record Checkpoint(int epoch, long step, byte[] bytes) {}
