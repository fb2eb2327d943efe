package dev.descent.onnx;

import static dev.descent.onnx.GraphWriter.attr;
import static dev.descent.onnx.GraphWriter.ints;

import dev.descent.onnx.proto.Onnx.ModelProto;
import dev.descent.onnx.proto.Onnx.OperatorSetIdProto;
import dev.descent.onnx.proto.Onnx.StringStringEntryProto;
import dev.descent.onnx.proto.Onnx.TensorProto;
import dev.descent.spec.LayerSpec;
import dev.descent.spec.ModelPlan;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes a planned model and its state dict (PyTorch's names: {@code 0.weight}, {@code 3.running_mean}...) as the ONNX
 * inference graph, as {@code torch.onnx.export} of the model in eval mode would: dropout is gone, batch norm uses its
 * running statistics, the first dimension of the input and the output is the symbolic {@code batch}. The input is
 * {@code input} (float32, or int64 token ids when the first layer is an embedding) and the output {@code output}, the
 * last layer's values (logits for a cross-entropy model).
 */
public final class OnnxExport {
    /** Opset 17 is the first with LayerNormalization; ONNX Runtime 1.14 and newer run it. */
    public static final int OPSET = 17;

    /** IR version 8 is the one that goes with opset 17. */
    public static final int IR_VERSION = 8;

    public static final String INPUT = "input";
    public static final String OUTPUT = "output";

    private final GraphWriter g;
    private final Map<String, Tensor> state;

    private OnnxExport(String name, Map<String, Tensor> state) {
        this.g = new GraphWriter(name);
        this.state = state;
    }

    /** The ONNX model of {@code plan} with the weights in {@code state}. */
    public static ModelProto export(ModelPlan plan, Map<String, Tensor> state) {
        OnnxExport e = new OnnxExport(plan.spec().name(), state);
        boolean tokens = !plan.layers().isEmpty() && plan.layers().getFirst().layer() instanceof LayerSpec.Embedding;
        TensorProto.DataType inType = tokens ? TensorProto.DataType.INT64 : TensorProto.DataType.FLOAT;
        e.g.input(INPUT, inType, plan.spec().input());
        String x = INPUT;
        for (ModelPlan.LayerPlan layer : plan.layers()) x = e.layer(layer, x);
        e.g.identity(x, OUTPUT);
        e.g.output(OUTPUT, TensorProto.DataType.FLOAT, plan.outputShape());
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("descent")
                .setProducerVersion("0.1.0")
                .setDocString("Inference graph of the Descent model spec "
                        + plan.spec().name())
                .addMetadataProps(StringStringEntryProto.newBuilder()
                        .setKey("descent.model_spec")
                        .setValue(plan.spec().json()))
                .setGraph(e.g.build())
                .build();
    }

    /** {@link #export} as the bytes of a {@code .onnx} file. */
    public static byte[] toBytes(ModelPlan plan, Map<String, Tensor> state) {
        return export(plan, state).toByteArray();
    }

    private String layer(ModelPlan.LayerPlan p, String x) {
        String k = p.index() + ".";
        int[] in = p.in();
        return switch (p.layer()) {
            case LayerSpec.Linear l -> linear(k, x, in[in.length - 1], l.out(), l.bias());
            case LayerSpec.Conv c ->
                g.node(
                        "Conv",
                        withBias(x, weight(k + "weight"), c.bias() ? weight(k + "bias") : null),
                        ints("kernel_shape", c.kernel()),
                        ints("strides", c.stride()),
                        ints("pads", twice(c.padding())),
                        ints("dilations", c.dilation()),
                        attr("group", c.groups()));
            case LayerSpec.ConvTranspose2d c ->
                g.node(
                        "ConvTranspose",
                        withBias(x, weight(k + "weight"), c.bias() ? weight(k + "bias") : null),
                        ints("kernel_shape", c.kernel()),
                        ints("strides", c.stride()),
                        ints("pads", twice(c.padding())),
                        ints("output_padding", c.outputPadding()),
                        ints("dilations", c.dilation()),
                        attr("group", c.groups()));
            case LayerSpec.Pool2d pool ->
                pool.max()
                        ? g.unary(
                                "MaxPool",
                                x,
                                ints("kernel_shape", pool.kernel()),
                                ints("strides", pool.stride()),
                                ints("pads", twice(pool.padding())),
                                attr("ceil_mode", pool.ceilMode() ? 1 : 0))
                        : g.unary(
                                "AveragePool",
                                x,
                                ints("kernel_shape", pool.kernel()),
                                ints("strides", pool.stride()),
                                ints("pads", twice(pool.padding())),
                                attr("ceil_mode", pool.ceilMode() ? 1 : 0),
                                attr("count_include_pad", 1));
            case LayerSpec.AdaptivePool2d a -> adaptivePool(x, in, a.output(), a.max() ? "ReduceMax" : "ReduceMean");
            case LayerSpec.Pad2d pad -> pad(x, pad);
            case LayerSpec.BatchNorm b -> batchNorm(k, x, in[0], b);
            case LayerSpec.LayerNorm n -> {
                int d = in[in.length - 1];
                String scale = n.affine() ? weight(k + "weight") : g.floats("ones", filled(d, 1f), d);
                String bias = n.affine() ? weight(k + "bias") : g.floats("zeros", filled(d, 0f), d);
                yield g.node(
                        "LayerNormalization", new String[] {x, scale, bias}, attr("axis", -1L), attr("epsilon", (float)
                                n.eps()));
            }
            case LayerSpec.Dropout _ -> x;
            case LayerSpec.Flatten f -> flatten(x, f, p.out());
            case LayerSpec.Embedding _ -> g.node("Gather", new String[] {weight(k + "weight"), x}, attr("axis", 0L));
            case LayerSpec.Recurrent r -> RecurrentExport.recurrent(g, this::tensor, k, x, in[1], r);
            case LayerSpec.Activation a -> activation(x, a);
        };
    }

    private String linear(String k, String x, int in, int out, boolean bias) {
        // MatMul against W^T works for any number of leading dimensions, as torch.nn.Linear does.
        float[] w = tensor(k + "weight").toFloatArray();
        float[] wt = new float[w.length];
        for (int o = 0; o < out; o++) for (int i = 0; i < in; i++) wt[i * out + o] = w[o * in + i];
        String y = g.binary("MatMul", x, g.floats("weight_t", wt, in, out));
        return bias ? g.binary("Add", y, weight(k + "bias")) : y;
    }

    private String batchNorm(String k, String x, int channels, LayerSpec.BatchNorm b) {
        String scale = b.affine() ? weight(k + "weight") : g.floats("ones", filled(channels, 1f), channels);
        String bias = b.affine() ? weight(k + "bias") : g.floats("zeros", filled(channels, 0f), channels);
        return g.node(
                "BatchNormalization",
                new String[] {x, scale, bias, weight(k + "running_mean"), weight(k + "running_var")},
                attr("epsilon", (float) b.eps()));
    }

    /** A spec pads [left, right, top, bottom]; ONNX's Pad takes the begins of every axis, then the ends. */
    private String pad(String x, LayerSpec.Pad2d p) {
        int[] q = p.padding();
        String pads = g.longs("pads", 0, 0, q[2], q[0], 0, 0, q[3], q[1]);
        if (p.mode().equals("replication")) return g.node("Pad", new String[] {x, pads}, attr("mode", "edge"));
        String value = g.scalar("pad_value", (float) p.value());
        return g.node("Pad", new String[] {x, pads, value}, attr("mode", "constant"));
    }

    /**
     * PyTorch's adaptive pooling: output cell i of n over a length L covers [floor(i L / n), ceil((i + 1) L / n)). A
     * rectangle's mean (max) is the mean (max) over rows of the mean (max) over columns, so each spatial axis is pooled
     * on its own: one slice and reduce per output cell, concatenated.
     */
    private String adaptivePool(String x, int[] in, int[] out, String reduce) {
        String y = x;
        for (int axis = 0; axis < 2; axis++) {
            int length = in[1 + axis], cells = out[axis];
            String[] parts = new String[cells];
            for (int i = 0; i < cells; i++) {
                long start = Math.floorDiv((long) i * length, cells);
                long end = -Math.floorDiv(-(long) (i + 1) * length, cells);
                String slice = g.node(
                        "Slice",
                        new String[] {y, g.longs("starts", start), g.longs("ends", end), g.longs("axes", 2 + axis)});
                parts[i] = g.unary(reduce, slice, ints("axes", 2 + axis), attr("keepdims", 1L));
            }
            y = cells == 1 ? parts[0] : g.node("Concat", parts, attr("axis", 2L + axis));
        }
        return y;
    }

    private String flatten(String x, LayerSpec.Flatten f, int[] sampleOut) {
        if (f.startDim() == 0) {
            throw new IllegalArgumentException(
                    "flatten with startDim 0 merges the batch into the features; ONNX export keeps the batch dimension");
        }
        long[] shape = new long[sampleOut.length + 1];
        shape[0] = -1;
        for (int i = 0; i < sampleOut.length; i++) shape[i + 1] = sampleOut[i];
        return g.binary("Reshape", x, g.longs("shape", shape));
    }

    private String activation(String x, LayerSpec.Activation a) {
        return switch (a.type()) {
            case "relu" -> g.unary("Relu", x);
            case "leaky_relu" -> g.unary("LeakyRelu", x, attr("alpha", (float) a.slope()));
            case "sigmoid" -> g.unary("Sigmoid", x);
            case "tanh" -> g.unary("Tanh", x);
            case "softmax" -> g.unary("Softmax", x, attr("axis", (long) a.dim()));
            case "log_softmax" -> g.unary("LogSoftmax", x, attr("axis", (long) a.dim()));
            case "gelu" -> gelu(x, a.approximate());
            default -> throw new IllegalArgumentException("ONNX export: unknown activation '" + a.type() + "'");
        };
    }

    /**
     * GELU from primitives (the Gelu op arrives only in opset 20): x/2 (1 + erf(x / sqrt 2)), or with approximate
     * "tanh" x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
     */
    private String gelu(String x, String approximate) {
        String inner;
        if (approximate.equals("tanh")) {
            String cube = g.binary("Mul", g.binary("Mul", x, x), x);
            String sum = g.binary("Add", x, g.binary("Mul", cube, g.scalar("c", 0.044715f)));
            inner = g.unary("Tanh", g.binary("Mul", sum, g.scalar("sqrt_2_over_pi", (float) Math.sqrt(2 / Math.PI))));
        } else {
            inner = g.unary("Erf", g.binary("Div", x, g.scalar("sqrt2", (float) Math.sqrt(2))));
        }
        String onePlus = g.binary("Add", inner, g.scalar("one", 1f));
        return g.binary("Mul", g.binary("Mul", x, onePlus), g.scalar("half", 0.5f));
    }

    private static String[] withBias(String x, String w, String b) {
        return b == null ? new String[] {x, w} : new String[] {x, w, b};
    }

    /** ONNX pads list every axis's begin, then every axis's end; the spec pads both sides alike. */
    private static int[] twice(int[] padding) {
        int[] pads = Arrays.copyOf(padding, padding.length * 2);
        System.arraycopy(padding, 0, pads, padding.length, padding.length);
        return pads;
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    Tensor tensor(String key) {
        Tensor t = state.get(key);
        if (t == null) {
            throw new IllegalArgumentException(
                    "ONNX export: the state dict has no '" + key + "' (weights saved for a different spec?)");
        }
        return t;
    }

    /** The state dict entry {@code key} as a float32 initializer of its own shape. */
    String weight(String key) {
        Tensor t = tensor(key);
        int[] dims = t.shape().toArray();
        long[] d = new long[dims.length];
        for (int i = 0; i < dims.length; i++) d[i] = dims[i];
        return g.floats(key.replace('.', '_'), t.toFloatArray(), d);
    }
}
