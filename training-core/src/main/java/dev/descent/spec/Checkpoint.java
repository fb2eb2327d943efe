package dev.descent.spec;

import dev.descent.io.Safetensors;
import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A saved training state: weights, optimizer state, epoch/step and RNG state, serialised in the safetensors format.
 * {@code epoch} and {@code step} are the position training resumes at.
 */
public record Checkpoint(int epoch, long step, byte[] bytes) {
    /** What {@link #modelWeights()} writes as its {@code format} metadata. */
    public static final String MODEL_FORMAT = "descent-model/1";

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

    /**
     * The trained weights alone, as a safetensors file another tool can load: the model's tensors under their
     * state-dict names (without the {@code model.} prefix that keeps them apart from the optimizer's), with the spec,
     * engine and position in the metadata. Every engine writes its weights under {@code model.}, so this works for
     * each.
     *
     * @throws IllegalArgumentException when the bytes are not a safetensors file or hold no model tensor
     */
    public byte[] modelWeights() {
        Safetensors.Contents c = Safetensors.read(bytes);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> {
            if (k.startsWith("model.")) weights.put(k.substring("model.".length()), v);
        });
        if (weights.isEmpty()) throw new IllegalArgumentException("checkpoint holds no model.* tensor");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", MODEL_FORMAT);
        for (String k : new String[] {"engine", "model_spec", "epoch", "step"}) {
            String v = c.metadata().get(k);
            if (v != null) meta.put(k, v);
        }
        return Safetensors.write(weights, meta);
    }
}
