package dev.descent.spec;

import dev.descent.io.Safetensors;
import java.util.Map;

/**
 * A saved training state: weights, optimizer state, epoch/step and RNG state, serialised in the safetensors format.
 * {@code epoch} and {@code step} are the position training resumes at.
 */
public record Checkpoint(int epoch, long step, byte[] bytes) {

    /** Reads the position from a checkpoint file's bytes (as written by the native trainer). */
    public static Checkpoint of(byte[] bytes) {
        Map<String, String> meta = Safetensors.read(bytes).metadata();
        try {
            return new Checkpoint(Integer.parseInt(meta.get("epoch")), Long.parseLong(meta.get("step")), bytes);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "checkpoint metadata has no valid epoch/step (not a Descent checkpoint?)");
        }
    }
}
