package dev.descent.train;

import dev.descent.autograd.GradMode;
import dev.descent.backend.Generator;
import dev.descent.data.Dataset;
import dev.descent.io.Safetensors;
import dev.descent.nn.Module;
import dev.descent.spec.LayerSpec;
import dev.descent.spec.ModelPlan;
import dev.descent.spec.ModelSpec;
import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model spec with the weights of a checkpoint, in eval mode (dropout off, batch norm on its running statistics): what
 * {@code descent predict}, {@code descent export} and the platform's predictions run.
 */
public final class TrainedModel {
    /** Rows per forward pass when a whole dataset is predicted. */
    static final int CHUNK = 256;

    private static final Set<String> CLASSIFICATION = Set.of("cross_entropy", "nll", "bce", "bce_with_logits");

    private final ModelPlan plan;
    private final Module module;
    private final Map<String, Tensor> state;

    private TrainedModel(ModelPlan plan, Module module) {
        this.plan = plan;
        this.module = module;
        this.state = module.stateDict();
    }

    /**
     * The model in a checkpoint of either engine. {@code spec} may be null when the checkpoint names its spec (the
     * native engine's do); a spec that differs from the one the checkpoint names fails, as do missing weights.
     */
    public static TrainedModel fromCheckpoint(byte[] checkpoint, ModelSpec spec) {
        Safetensors.Contents c;
        try {
            c = Safetensors.read(checkpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint is not readable: " + e.getMessage(), e);
        }
        String saved = c.metadata().get("model_spec");
        ModelSpec savedSpec = saved == null ? null : ModelSpec.fromJson(saved);
        if (spec == null && savedSpec == null) {
            throw new IllegalArgumentException("the checkpoint does not say which model spec it holds; give --model");
        }
        if (spec != null && savedSpec != null && !savedSpec.equals(spec)) {
            throw new IllegalArgumentException("the checkpoint holds weights for the model spec '" + savedSpec.name()
                    + "', not for '" + spec.name() + "'");
        }
        Map<String, Tensor> weights = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> {
            if (k.startsWith("model.")) weights.put(k.substring("model.".length()), v);
        });
        if (weights.isEmpty()) throw new IllegalArgumentException("the checkpoint holds no model weights");
        return of(spec != null ? spec : savedSpec, weights);
    }

    /** The model of {@code spec} with {@code weights} (a state dict under PyTorch's names). */
    public static TrainedModel of(ModelSpec spec, Map<String, Tensor> weights) {
        ModelPlan plan = ModelPlan.of(spec);
        Module module = ModelBuilder.build(plan, new Generator(0));
        try {
            module.loadStateDict(weights);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(
                    "the checkpoint's weights do not fit the model spec '" + spec.name() + "': " + e.getMessage(), e);
        }
        module.eval();
        return new TrainedModel(plan, module);
    }

    public ModelSpec spec() {
        return plan.spec();
    }

    public ModelPlan plan() {
        return plan;
    }

    /** The state dict (parameters and buffers), as the ONNX exporter reads it. */
    public Map<String, Tensor> state() {
        return state;
    }

    /** The model's output for a batch [n, ...input]. */
    public Tensor forward(Tensor batch) {
        try (var _ = GradMode.noGrad()) {
            return module.forward(batch);
        }
    }

    /**
     * Whether the outputs read as class probabilities: the loss is a classification loss, or the last layer is a
     * softmax. A regression model's outputs are plain scores.
     */
    public boolean givesProbabilities() {
        return CLASSIFICATION.contains(spec().loss()) || lastActivation().equals("softmax");
    }

    /**
     * Per-example class probabilities [n, classes]: the softmax of logits (cross-entropy), the exponent of
     * log-probabilities (a final log_softmax or the nll loss), sigmoids of binary logits; a model whose last layer is a
     * softmax, or whose outputs are not probabilities at all, gives its outputs as they are.
     */
    public Tensor probabilities(Tensor batch) {
        try (var _ = GradMode.noGrad()) {
            Tensor out = module.forward(batch);
            if (out.dim() == 1) out = out.reshape(out.size(0), 1);
            String last = lastActivation();
            if (last.equals("softmax")) return out;
            if (last.equals("log_softmax") || spec().loss().equals("nll")) return out.exp();
            return switch (spec().loss()) {
                case "cross_entropy" -> out.softmax(-1);
                case "bce_with_logits" -> out.sigmoid();
                default -> out;
            };
        }
    }

    /** Probabilities (or scores) of every example of {@code data}, in chunks, as [size, classes]. */
    public Tensor probabilities(Dataset data) {
        List<Tensor> parts = new java.util.ArrayList<>();
        for (int start = 0; start < data.size(); start += CHUNK) {
            int[] idx = new int[Math.min(CHUNK, data.size() - start)];
            for (int i = 0; i < idx.length; i++) idx[i] = start + i;
            parts.add(probabilities(data.batch(idx).features()));
        }
        return Tensor.cat(0, parts.toArray(Tensor[]::new));
    }

    private String lastActivation() {
        LayerSpec last = spec().layers().getLast();
        return last instanceof LayerSpec.Activation a ? a.type() : "";
    }
}
