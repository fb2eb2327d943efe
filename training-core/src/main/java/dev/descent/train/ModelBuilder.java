package dev.descent.train;

import dev.descent.backend.Generator;
import dev.descent.loss.Loss;
import dev.descent.loss.Losses;
import dev.descent.loss.Reduction;
import dev.descent.nn.AdaptiveAvgPool2d;
import dev.descent.nn.AdaptiveMaxPool2d;
import dev.descent.nn.AvgPool2d;
import dev.descent.nn.BatchNorm1d;
import dev.descent.nn.BatchNorm2d;
import dev.descent.nn.ConstantPad2d;
import dev.descent.nn.Conv1d;
import dev.descent.nn.Conv2d;
import dev.descent.nn.ConvTranspose2d;
import dev.descent.nn.Dropout;
import dev.descent.nn.Embedding;
import dev.descent.nn.Flatten;
import dev.descent.nn.GELU;
import dev.descent.nn.Init;
import dev.descent.nn.LayerNorm;
import dev.descent.nn.LeakyReLU;
import dev.descent.nn.Linear;
import dev.descent.nn.LogSoftmax;
import dev.descent.nn.MaxPool2d;
import dev.descent.nn.Module;
import dev.descent.nn.ReLU;
import dev.descent.nn.ReplicationPad2d;
import dev.descent.nn.Sequential;
import dev.descent.nn.Sigmoid;
import dev.descent.nn.Softmax;
import dev.descent.nn.Tanh;
import dev.descent.nn.ZeroPad2d;
import dev.descent.spec.ConfigException;
import dev.descent.spec.LayerSpec;
import dev.descent.spec.ModelPlan;
import dev.descent.spec.ModelSpec;
import dev.descent.tensor.Tensor;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a {@link ModelSpec} into a {@link Sequential} with one child per spec layer, each sized from the spec's
 * {@link ModelPlan} (the shapes it infers, the checks it makes).
 */
public final class ModelBuilder {

    private ModelBuilder() {}

    /**
     * Builds the planned model with weights drawn from {@code gen}. Dropout layers keep drawing their masks from the
     * same generator during training, so saving its state with a checkpoint makes a resumed run repeat the same masks.
     */
    public static Module build(ModelPlan plan, Generator gen) {
        Sequential model = new Sequential();
        for (ModelPlan.LayerPlan layer : plan.layers()) model.add(create(layer, gen));
        return model;
    }

    /**
     * The state dict (parameters and buffers under PyTorch's names, {@code 0.weight}...) that a model built from
     * {@code plan} with {@code gen} starts from, so that another engine can start from the same weights.
     */
    public static Map<String, Tensor> initialState(ModelPlan plan, Generator gen) {
        return build(plan, gen).stateDict();
    }

    /** Plans {@code spec} and builds it: {@code build(ModelPlan.of(spec), gen)}. */
    public static Module build(ModelSpec spec, Generator gen) {
        return build(ModelPlan.of(spec), gen);
    }

    /**
     * The spec's loss with its reduction (mean unless the spec says sum), ready for {@code loss.apply(output, target)}.
     */
    public static Loss loss(ModelSpec spec) {
        try {
            return Losses.create(
                    spec.loss(), Reduction.valueOf(spec.lossReduction().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("loss", e.getMessage());
        }
    }

    private static Module create(ModelPlan.LayerPlan s, Generator gen) {
        int[] in = s.in();
        return switch (s.layer()) {
            case LayerSpec.Linear l -> {
                var m = new Linear(in[in.length - 1], l.out(), l.bias(), gen);
                initialise(l.init(), m.weight, m.bias, gen);
                yield m;
            }
            case LayerSpec.Conv c
            when c.dims() == 1 -> {
                var m = new Conv1d(
                        in[0],
                        c.out(),
                        c.kernel()[0],
                        c.stride()[0],
                        c.padding()[0],
                        c.dilation()[0],
                        c.groups(),
                        c.bias(),
                        gen);
                initialise(c.init(), m.weight, m.bias, gen);
                yield m;
            }
            case LayerSpec.Conv c -> {
                var m = new Conv2d(
                        in[0], c.out(), c.kernel(), c.stride(), c.padding(), c.dilation(), c.groups(), c.bias(), gen);
                initialise(c.init(), m.weight, m.bias, gen);
                yield m;
            }
            case LayerSpec.ConvTranspose2d c ->
                new ConvTranspose2d(
                        in[0],
                        c.out(),
                        c.kernel(),
                        c.stride(),
                        c.padding(),
                        c.outputPadding(),
                        c.groups(),
                        c.bias(),
                        c.dilation(),
                        gen);
            case LayerSpec.Pool2d p ->
                p.max()
                        ? new MaxPool2d(p.kernel(), p.stride(), p.padding(), new int[] {1, 1}, p.ceilMode())
                        : new AvgPool2d(p.kernel(), p.stride(), p.padding(), p.ceilMode(), true);
            case LayerSpec.AdaptivePool2d p ->
                p.max()
                        ? new AdaptiveMaxPool2d(p.output()[0], p.output()[1])
                        : new AdaptiveAvgPool2d(p.output()[0], p.output()[1]);
            case LayerSpec.Pad2d p ->
                switch (p.mode()) {
                    case "zero" -> new ZeroPad2d(p.padding());
                    case "constant" -> new ConstantPad2d(p.padding(), p.value());
                    default -> new ReplicationPad2d(p.padding());
                };
            case LayerSpec.BatchNorm b ->
                b.dims() == 1
                        ? new BatchNorm1d(in[0], b.eps(), b.momentum(), b.affine(), true)
                        : new BatchNorm2d(in[0], b.eps(), b.momentum(), b.affine(), true);
            case LayerSpec.LayerNorm n -> new LayerNorm(new int[] {in[in.length - 1]}, n.eps(), n.affine());
            case LayerSpec.Dropout d -> new Dropout(d.p(), gen);
            case LayerSpec.Flatten f -> new Flatten(f.startDim(), f.endDim());
            case LayerSpec.Embedding e -> new Embedding(e.num(), e.dim(), gen);
            case LayerSpec.Recurrent r -> new RecurrentBlock(r, in[1], gen);
            case LayerSpec.Activation a ->
                switch (a.type()) {
                    case "relu" -> new ReLU();
                    case "leaky_relu" -> new LeakyReLU(a.slope());
                    case "sigmoid" -> new Sigmoid();
                    case "tanh" -> new Tanh();
                    case "gelu" -> new GELU(a.approximate());
                    case "softmax" -> new Softmax(a.dim());
                    case "log_softmax" -> new LogSoftmax(a.dim());
                    default ->
                        throw new ConfigException(
                                "layers[" + s.index() + "].type", "unknown activation '" + a.type() + "'");
                };
        };
    }

    private static void initialise(String init, Tensor weight, Tensor bias, Generator gen) {
        if (init.equals("default")) return;
        switch (init) {
            case "normal_fan_in" -> Init.normalFanIn_(weight, gen);
            case "xavier_uniform" -> Init.xavierUniform_(weight, 1, gen);
            case "xavier_normal" -> Init.xavierNormal_(weight, 1, gen);
            case "kaiming_uniform" -> Init.kaimingUniform_(weight, 0, Init.Mode.FAN_IN, "relu", gen);
            case "kaiming_normal" -> Init.kaimingNormal_(weight, 0, Init.Mode.FAN_IN, "relu", gen);
            default ->
                throw new IllegalArgumentException("unknown init '" + init + "'; expected one of " + LayerSpec.INITS);
        }
        if (bias != null) Init.zeros_(bias);
    }
}
