package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import dev.descent.spec.ConfigException;
import dev.descent.spec.LayerSpec;
import dev.descent.spec.ModelPlan;
import dev.descent.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A sequential network of a model spec on libtorch; its arrays live in the {@link InitialWeights}' manager for the
 * whole run. Shapes and spec checks are the contract's ({@link ModelPlan}).
 */
final class Net {
    /** Activation names this engine runs; any other {@link LayerSpec.Activation} type is rejected. */
    static final Set<String> ACTIVATIONS =
            Set.of("relu", "leaky_relu", "sigmoid", "tanh", "gelu", "softmax", "log_softmax");

    private final List<Layer> layers = new ArrayList<>();
    private final List<Layer.Param> params = new ArrayList<>();
    private final List<Layer.Param> buffers = new ArrayList<>();

    Net(ModelPlan plan, InitialWeights weights) {
        checkLayerTypes(plan.spec());
        for (ModelPlan.LayerPlan planned : plan.layers()) {
            Layer layer = build(planned.index() + ".", planned.layer(), planned.in(), weights);
            layers.add(layer);
            params.addAll(layer.params());
            buffers.addAll(layer.buffers());
        }
        weights.checkAllTaken();
    }

    /**
     * The spec's plan (the contract's shape checks) after this engine's own limits; errors name
     * {@code layers[i].field}.
     */
    static ModelPlan check(ModelSpec spec) {
        ModelPlan plan = ModelPlan.of(spec);
        checkLayerTypes(spec);
        return plan;
    }

    private static void checkLayerTypes(ModelSpec spec) {
        for (int i = 0; i < spec.layers().size(); i++) {
            if (spec.layers().get(i) instanceof LayerSpec.Activation a && !ACTIVATIONS.contains(a.type())) {
                throw new ConfigException(
                        "layers[" + i + "].type",
                        "the djl engine cannot run a '" + a.type() + "' layer; it runs " + new TreeSet<>(ACTIVATIONS)
                                + " as activations");
            }
        }
    }

    private static Layer build(String prefix, LayerSpec spec, int[] in, InitialWeights weights) {
        return switch (spec) {
            case LayerSpec.Linear l -> new LinearLayer(prefix, l.bias(), weights);
            case LayerSpec.Conv c -> new ConvLayer(prefix, c, weights);
            case LayerSpec.ConvTranspose2d c -> new ConvTransposeLayer(prefix, c, weights);
            case LayerSpec.Pool2d p -> new PoolLayer(p);
            case LayerSpec.AdaptivePool2d p -> new PoolLayer(p);
            case LayerSpec.Pad2d p -> new PadLayer(p);
            case LayerSpec.BatchNorm b -> new NormLayer(prefix, b, in[0], weights);
            case LayerSpec.LayerNorm l -> new NormLayer(prefix, l, in[in.length - 1], weights);
            case LayerSpec.Embedding e -> new EmbeddingLayer(prefix, weights);
            case LayerSpec.Recurrent r -> new RecurrentLayer(prefix, r, weights);
            case LayerSpec.Dropout d -> new ElementwiseLayer(d);
            case LayerSpec.Flatten f -> new ElementwiseLayer(f);
            case LayerSpec.Activation a -> new ElementwiseLayer(a);
        };
    }

    /** Runs every layer on a batch; the result lives in {@code x}'s manager. */
    NDArray forward(NDArray x, boolean training) {
        NDArray out = x;
        for (Layer layer : layers) out = layer.forward(out, training);
        return out;
    }

    List<Layer.Param> params() {
        return params;
    }

    List<Layer.Param> buffers() {
        return buffers;
    }

    long parameterCount() {
        long n = 0;
        for (Layer.Param p : params) n += p.array().size();
        return n;
    }
}
