package dev.descent.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.descent.spec.ModelPlan;
import dev.descent.spec.ModelSpec;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every layer type runs forward and backward with the shapes the plan infers; the composed ones are checked exactly.
 */
class LayersTest {
    static NDManager manager;

    @BeforeAll
    static void natives() {
        assumeThat(DjlEngine.unavailableReason()).as("libtorch natives").isNull();
        manager = DjlRuntime.newManager();
    }

    @AfterAll
    static void close() {
        if (manager != null) manager.close();
    }

    /** One spec per layer type (the softmax spec's loss is nll after a log_softmax, etc.). */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "[8] | {\"type\":\"linear\",\"out\":5} | {\"type\":\"linear\",\"out\":3,\"bias\":false}",
                "[2, 12] | {\"type\":\"conv1d\",\"out\":4,\"kernel\":3,\"stride\":2,\"padding\":1,\"dilation\":2,\"groups\":2} | {\"type\":\"flatten\"}",
                "[2, 9, 7] | {\"type\":\"conv2d\",\"out\":4,\"kernel\":[3,2],\"stride\":[2,1],\"padding\":1} | {\"type\":\"flatten\",\"startDim\":2}",
                "[4, 5, 6] | {\"type\":\"conv_transpose2d\",\"out\":6,\"kernel\":3,\"stride\":2,\"padding\":1,\"outputPadding\":1,\"groups\":2} | {\"type\":\"flatten\"}",
                "[3, 9, 9] | {\"type\":\"max_pool2d\",\"kernel\":3,\"stride\":2,\"padding\":1,\"ceilMode\":true} | {\"type\":\"avg_pool2d\",\"kernel\":2}",
                "[3, 9, 7] | {\"type\":\"adaptive_avg_pool2d\",\"output\":[2,3]} | {\"type\":\"adaptive_max_pool2d\",\"output\":1} | {\"type\":\"flatten\"}",
                "[2, 4, 4] | {\"type\":\"zero_pad2d\",\"padding\":1} | {\"type\":\"constant_pad2d\",\"padding\":[1,0,2,0],\"value\":3} | {\"type\":\"replication_pad2d\",\"padding\":[0,2,1,1]}",
                "[3, 5, 5] | {\"type\":\"batch_norm2d\"} | {\"type\":\"flatten\"} | {\"type\":\"batch_norm1d\",\"affine\":false}",
                "[6, 5] | {\"type\":\"batch_norm1d\",\"momentum\":0.5} | {\"type\":\"layer_norm\"} | {\"type\":\"layer_norm\",\"affine\":false}",
                "[7] | {\"type\":\"embedding\",\"num\":10,\"dim\":4} | {\"type\":\"gru\",\"hidden\":5,\"layers\":2,\"bidirectional\":true}",
                "[6, 3] | {\"type\":\"lstm\",\"hidden\":4,\"returnSequences\":true} | {\"type\":\"rnn\",\"hidden\":3,\"bidirectional\":true}",
                "[5] | {\"type\":\"leaky_relu\",\"slope\":0.2} | {\"type\":\"gelu\",\"approximate\":\"tanh\"} | {\"type\":\"gelu\"} | {\"type\":\"sigmoid\"} | {\"type\":\"tanh\"} | {\"type\":\"relu\"} | {\"type\":\"dropout\",\"p\":0.3} | {\"type\":\"softmax\"} | {\"type\":\"log_softmax\",\"dim\":1}",
            })
    void runsForwardAndBackwardWithThePlannedShapes(String layers) {
        String[] parts = layers.split(" \\| ", -1);
        ModelSpec spec = ModelSpec.fromJson("{\"input\":" + parts[0] + ",\"layers\":["
                + String.join(",", Arrays.copyOfRange(parts, 1, parts.length)) + "],\"loss\":\"mse\"}");
        ModelPlan plan = ModelPlan.of(spec);
        int[] output = plan.outputShape();
        try (NDManager step = manager.newSubManager()) {
            Net net = new Net(plan, InitialWeights.of(plan, 3, step));
            int batch = 4;
            long[] shape = new long[spec.input().length + 1];
            shape[0] = batch;
            for (int i = 0; i < spec.input().length; i++) shape[i + 1] = spec.input()[i];
            NDArray x = layers.contains("embedding")
                    ? step.randomInteger(0, 10, new Shape(shape), DataType.INT64)
                    : step.randomNormal(new Shape(shape));
            if (!layers.contains("embedding")) x.setRequiresGradient(true);
            JniUtils.setGradMode(true);
            NDArray out = net.forward(x, true);
            JniUtils.backward((PtNDArray) out.square().sum(), (PtNDArray) step.ones(new Shape()), false, false);
            JniUtils.setGradMode(false);

            long[] expected = new long[output.length + 1];
            expected[0] = batch;
            for (int i = 0; i < output.length; i++) expected[i + 1] = output[i];
            assertThat(out.getShape().getShape()).isEqualTo(expected);
            if (!layers.contains("embedding"))
                assertThat(maxAbs(x.getGradient().toFloatArray()))
                        .as("input gradient")
                        .isGreaterThan(0);
            for (Layer.Param p : net.params()) {
                float[] g = p.array().getGradient().toFloatArray();
                assertThat(maxAbs(g)).as(p.name() + " gradient").isFinite();
                assertThat(maxAbs(g)).as(p.name() + " gradient").isGreaterThan(0);
            }
        } finally {
            JniUtils.setGradMode(false);
        }
    }

    /**
     * A transposed convolution is the adjoint of the convolution with the same weight: <convT(x), y> = <x, conv(y)>.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void convTransposeIsTheAdjointOfConv(int seed) {
        Random r = new Random(seed);
        int in = 1 + r.nextInt(3),
                out = 1 + r.nextInt(3),
                k = 1 + r.nextInt(3),
                stride = 1 + r.nextInt(3),
                dilation = 1 + r.nextInt(2);
        int padding = r.nextInt(k), outputPadding = r.nextInt(Math.max(stride, dilation));
        String layer = "{\"type\":\"conv_transpose2d\",\"out\":" + out + ",\"kernel\":" + k + ",\"stride\":" + stride
                + ",\"padding\":" + padding + ",\"outputPadding\":" + outputPadding + ",\"dilation\":" + dilation
                + ",\"bias\":false}";
        ModelSpec spec = ModelSpec.fromJson("{\"input\":[" + in + ",5,4],\"layers\":[" + layer + "],\"loss\":\"mse\"}");
        ModelPlan plan = ModelPlan.of(spec);
        int[] output = plan.outputShape();
        try (NDManager s = manager.newSubManager()) {
            Net net = new Net(plan, InitialWeights.of(plan, seed, s));
            NDArray weight = net.params().getFirst().array();
            NDArray x = s.randomNormal(new Shape(2, in, 5, 4));
            NDArray y = s.randomNormal(new Shape(2, out, output[1], output[2]));
            NDArray convT = net.forward(x, false);
            NDArray conv = JniUtils.convolution(
                    (PtNDArray) y,
                    (PtNDArray) weight,
                    null,
                    new Shape(stride, stride),
                    new Shape(padding, padding),
                    new Shape(dilation, dilation),
                    1);
            assertThat(conv.getShape()).as(layer).isEqualTo(x.getShape());
            double left = convT.mul(y).sum().getFloat(),
                    right = x.mul(conv).sum().getFloat();
            assertThat(left).as(layer).isCloseTo(right, within(1e-3 * (1 + Math.abs(right))));
        }
    }

    @Test
    void batchNormUsesPyTorchMomentumAndNormalisesPerChannel() {
        ModelSpec spec = ModelSpec.fromJson(
                "{\"input\":[2,3,3],\"layers\":[{\"type\":\"batch_norm2d\",\"momentum\":0.25}],\"loss\":\"mse\"}");
        try (NDManager s = manager.newSubManager()) {
            ModelPlan plan = ModelPlan.of(spec);
            Net net = new Net(plan, InitialWeights.of(plan, 1, s));
            NDArray x = s.randomNormal(3, 2, new Shape(8, 2, 3, 3), DataType.FLOAT32);
            float[] batchMean = perChannel(x).mean(new int[] {1}).toFloatArray();
            NDArray y = net.forward(x, true);
            float[] runningMean = net.buffers().get(0).array().toFloatArray();
            for (int c = 0; c < 2; c++) assertThat(runningMean[c]).isCloseTo(0.25f * batchMean[c], within(1e-5f));
            NDArray channels = perChannel(y);
            float[] outMean = channels.mean(new int[] {1}).toFloatArray();
            float[] outVar = channels.sub(channels.mean(new int[] {1}, true))
                    .square()
                    .mean(new int[] {1})
                    .toFloatArray();
            for (int c = 0; c < 2; c++) {
                assertThat(outMean[c]).isCloseTo(0, within(1e-5f));
                assertThat(outVar[c]).isCloseTo(1, within(1e-3f));
            }
        }
    }

    @Test
    void paddingModesFillAsPyTorchDoes() {
        ModelSpec spec = ModelSpec.fromJson("""
                {"input":[1,2,2],"layers":[{"type":"replication_pad2d","padding":[1,0,0,1]},{"type":"constant_pad2d","padding":[0,1,1,0],"value":9}],"loss":"mse"}""");
        try (NDManager s = manager.newSubManager()) {
            ModelPlan plan = ModelPlan.of(spec);
            Net net = new Net(plan, InitialWeights.of(plan, 1, s));
            NDArray y = net.forward(s.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2)), false);
            assertThat(y.getShape()).isEqualTo(new Shape(1, 1, 4, 4));
            assertThat(y.toFloatArray()).containsExactly(9, 9, 9, 9, 1, 1, 2, 9, 3, 3, 4, 9, 3, 3, 4, 9);
        }
    }

    @Test
    void averagePoolingCountsThePaddingAndGeluTanhMatchesItsFormula() {
        ModelSpec spec = ModelSpec.fromJson("""
                {"input":[1,2,2],"layers":[{"type":"avg_pool2d","kernel":2,"stride":1,"padding":1},{"type":"gelu","approximate":"tanh"}],"loss":"mse"}""");
        try (NDManager s = manager.newSubManager()) {
            ModelPlan plan = ModelPlan.of(spec);
            Net net = new Net(plan, InitialWeights.of(plan, 1, s));
            float[] y = net.forward(s.create(new float[] {4, 8, 12, 16}, new Shape(1, 1, 2, 2)), false)
                    .toFloatArray();
            double[] pooled = {1, 3, 2, 4, 10, 6, 3, 7, 4};
            for (int i = 0; i < 9; i++) {
                double v = pooled[i];
                double gelu = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
                assertThat((double) y[i]).isCloseTo(gelu, within(1e-4));
            }
        }
    }

    /** [N, C, H, W] as [C, N*H*W]: DJL's PyTorch mean reduces one axis at a time. */
    private static NDArray perChannel(NDArray x) {
        return x.transpose(1, 0, 2, 3).reshape(x.getShape().get(1), -1);
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }
}
