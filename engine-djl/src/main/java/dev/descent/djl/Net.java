package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.descent.train.LayerSpec;

import java.util.ArrayList;
import java.util.List;

/** A sequential network built from a {@link NetPlan}; its arrays live in {@code manager} for the whole run. */
final class Net {
    private final NetPlan plan;
    private final List<Layer> layers = new ArrayList<>();
    private final List<Layer.Param> params = new ArrayList<>();
    private final List<Layer.Param> buffers = new ArrayList<>();

    Net(NetPlan plan, NDManager manager, long seed) {
        this.plan = plan;
        Init init = new Init(seed, manager);
        for (NetPlan.Step step : plan.steps()) {
            Layer layer = build(step, init);
            layers.add(layer);
            params.addAll(layer.params());
            buffers.addAll(layer.buffers());
        }
    }

    private static Layer build(NetPlan.Step step, Init init) {
        String prefix = step.index() + ".";
        int[] in = step.in();
        return switch (step.spec()) {
            case LayerSpec.Linear l -> new LinearLayer(prefix, in[in.length - 1], l.out(), l.bias(), init);
            case LayerSpec.Conv c -> new ConvLayer(prefix, c, in[0], init);
            case LayerSpec.ConvTranspose2d c -> new ConvTransposeLayer(prefix, c, in[0], init);
            case LayerSpec.Pool2d p -> new PoolLayer(p);
            case LayerSpec.AdaptivePool2d p -> new PoolLayer(p);
            case LayerSpec.Pad2d p -> new PadLayer(p);
            case LayerSpec.BatchNorm b -> new NormLayer(prefix, b, in[0], init);
            case LayerSpec.LayerNorm l -> new NormLayer(prefix, l, in[in.length - 1], init);
            case LayerSpec.Embedding e -> new EmbeddingLayer(prefix, e.num(), e.dim(), init);
            case LayerSpec.Recurrent r -> new RecurrentLayer(prefix, r, in[1], init);
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

    NetPlan plan() { return plan; }

    List<Layer.Param> params() { return params; }

    List<Layer.Param> buffers() { return buffers; }

    long parameterCount() {
        long n = 0;
        for (Layer.Param p : params) n += p.array().size();
        return n;
    }
}
