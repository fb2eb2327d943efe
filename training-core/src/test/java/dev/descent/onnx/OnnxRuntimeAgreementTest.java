package dev.descent.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.backend.Generator;
import dev.descent.data.Datasets;
import dev.descent.data.ImageDatasets;
import dev.descent.data.TensorDataset;
import dev.descent.nn.Module;
import dev.descent.spec.BuiltinModels;
import dev.descent.spec.ModelSpec;
import dev.descent.tensor.Tensor;
import dev.descent.train.ModelBuilder;
import dev.descent.train.TrainedModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exported models run in ONNX Runtime (onnxruntime-node, installed by the build from src/test/onnx) on real
 * Fashion-MNIST test images and agree with Descent's own inference: every output within 1e-4, the same argmax on every
 * image. Each built-in model is checked, and three specs that between them hold every layer type a spec can.
 */
class OnnxRuntimeAgreementTest {
    static final int IMAGES = 1000;
    static final double TOLERANCE = 1e-4;
    static final Path RUNNER = Path.of("src/test/onnx/run.js");

    private static TensorDataset test;

    /** Pads, conv, conv-transpose, every pool, both batch norms, layer norm, dropout and the activations. */
    static final String IMAGE_LAYERS = """
            {"name": "every-image-layer", "input": [1, 28, 28],
             "layers": [{"type": "zero_pad2d", "padding": 1},
                        {"type": "conv2d", "out": 6, "kernel": 3, "stride": 1, "padding": [1, 0], "dilation": [1, 2]},
                        {"type": "batch_norm2d"}, {"type": "leaky_relu", "slope": 0.1},
                        {"type": "max_pool2d", "kernel": 3, "stride": 2, "padding": 1, "ceilMode": true},
                        {"type": "replication_pad2d", "padding": [1, 2, 0, 1]},
                        {"type": "conv_transpose2d", "out": 4, "kernel": 3, "stride": 2, "padding": 1, "outputPadding": 1},
                        {"type": "gelu"},
                        {"type": "constant_pad2d", "padding": 2, "value": 0.5},
                        {"type": "conv2d", "out": 8, "kernel": 3, "groups": 4},
                        {"type": "avg_pool2d", "kernel": 3, "stride": 2, "padding": 1, "ceilMode": true},
                        {"type": "gelu", "approximate": "tanh"},
                        {"type": "adaptive_max_pool2d", "output": [7, 5]},
                        {"type": "adaptive_avg_pool2d", "output": [3, 2]},
                        {"type": "flatten"},
                        {"type": "linear", "out": 32}, {"type": "batch_norm1d"}, {"type": "sigmoid"},
                        {"type": "dropout", "p": 0.3},
                        {"type": "linear", "out": 24}, {"type": "layer_norm"}, {"type": "tanh"},
                        {"type": "linear", "out": 10}, {"type": "log_softmax"}],
             "loss": "nll"}""";

    /** conv1d over the image's rows as channels, then stacked, bidirectional and single recurrent layers. */
    static final String SEQUENCE_LAYERS = """
            {"name": "every-sequence-layer", "input": [28, 28],
             "layers": [{"type": "conv1d", "out": 12, "kernel": 5, "padding": 2, "stride": 2},
                        {"type": "relu"},
                        {"type": "lstm", "hidden": 16, "layers": 2, "bidirectional": true, "returnSequences": true},
                        {"type": "gru", "hidden": 12, "bidirectional": true, "returnSequences": true},
                        {"type": "layer_norm", "affine": false},
                        {"type": "rnn", "hidden": 10, "layers": 2},
                        {"type": "linear", "out": 10}, {"type": "softmax"}],
             "loss": "cross_entropy"}""";

    /** An embedding of each row's brightness, quantised to 16 levels, read by a GRU. */
    static final String TOKEN_LAYERS = """
            {"name": "every-token-layer", "input": [28],
             "layers": [{"type": "embedding", "num": 16, "dim": 8},
                        {"type": "gru", "hidden": 16},
                        {"type": "linear", "out": 10}],
             "loss": "cross_entropy"}""";

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        assumeTrue(
                Files.isDirectory(ImageDatasets.FASHION_MNIST_DIR),
                "Fashion-MNIST is not installed: " + ImageDatasets.FASHION_MNIST_INSTALL);
        assertThat(Path.of("src/test/onnx/node_modules/onnxruntime-node"))
                .as("onnxruntime-node is installed by the build (npm ci --ignore-scripts in src/test/onnx)")
                .isDirectory();
        test = (TensorDataset) Datasets.resolve("fashion-mnist").test();
    }

    static Stream<Arguments> models() {
        Stream<Arguments> builtins = BuiltinModels.names().stream()
                .filter(n -> !n.equals("curve-fit"))
                .map(n -> Arguments.of(n, BuiltinModels.json(n)));
        return Stream.concat(
                builtins,
                Stream.of(
                        Arguments.of("every-image-layer", IMAGE_LAYERS),
                        Arguments.of("every-sequence-layer", SEQUENCE_LAYERS),
                        Arguments.of("every-token-layer", TOKEN_LAYERS)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void onnxRuntimeAgreesWithDescentOnFashionMnist(String name, String json) throws Exception {
        ModelSpec spec = ModelSpec.fromJson(json);
        Tensor images = images(spec);
        TrainedModel model = TrainedModel.of(spec, trainedState(spec, images));

        Tensor expected = model.forward(images);
        Path onnx = dir.resolve(name + ".onnx");
        Files.write(onnx, OnnxExport.toBytes(model.plan(), model.state()));
        float[] actual = runInOnnxRuntime(onnx, images);

        float[] want = expected.toFloatArray();
        assertThat(actual).hasSameSizeAs(want);
        int classes = want.length / IMAGES;
        double maxDiff = 0;
        int sameArgmax = 0;
        for (int i = 0; i < want.length; i++) maxDiff = Math.max(maxDiff, Math.abs(want[i] - actual[i]));
        for (int r = 0; r < IMAGES; r++) {
            if (argmax(want, r * classes, classes) == argmax(actual, r * classes, classes)) sameArgmax++;
        }
        System.out.printf(
                Locale.ROOT,
                "ONNX Runtime vs Descent, %s: %d images, max |diff| %.3g, same argmax %d/%d%n",
                name,
                IMAGES,
                maxDiff,
                sameArgmax,
                IMAGES);
        assertThat(maxDiff).as("max |ONNX Runtime - Descent| for " + name).isLessThanOrEqualTo(TOLERANCE);
        assertThat(sameArgmax).as("images with the same argmax for " + name).isEqualTo(IMAGES);
    }

    /**
     * The first test images in the spec's input form: images [n, 1, 28, 28], rows [n, 28, 28], or each row's mean
     * brightness as one of 16 tokens [n, 28].
     */
    private static Tensor images(ModelSpec spec) {
        int[] idx = new int[IMAGES];
        Arrays.setAll(idx, i -> i);
        Tensor x = test.batch(idx).features();
        int[] in = spec.input();
        if (in.length == 2) return x.reshape(IMAGES, 28, 28);
        if (in.length == 1) {
            return x.reshape(IMAGES, 28, 28).mean(2).mul(15.999).floor().to(dev.descent.backend.DType.INT64);
        }
        return x;
    }

    /**
     * Weights as a short training would leave them: the spec's own initialisation, then forward passes in training mode
     * so that batch norms' running statistics move away from 0 and 1.
     */
    private static java.util.Map<String, Tensor> trainedState(ModelSpec spec, Tensor images) {
        Module m = ModelBuilder.build(spec, new Generator(7));
        m.train();
        try (var _ = dev.descent.autograd.GradMode.noGrad()) {
            for (int i = 0; i < 3; i++) m.forward(images.slice(0, i * 100, (i + 1) * 100));
        }
        return m.stateDict();
    }

    private float[] runInOnnxRuntime(Path model, Tensor input) throws IOException, InterruptedException {
        boolean tokens = input.dtype() == dev.descent.backend.DType.INT64;
        Path in = dir.resolve("input.bin"), out = dir.resolve("output.bin");
        ByteBuffer buf;
        if (tokens) {
            long[] v = input.toLongArray();
            buf = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (long x : v) buf.putLong(x);
        } else {
            float[] v = input.toFloatArray();
            buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float x : v) buf.putFloat(x);
        }
        Files.write(in, buf.array());
        String dims = String.join(
                ",",
                Arrays.stream(input.shape().toArray())
                        .mapToObj(Integer::toString)
                        .toList());
        Process p = new ProcessBuilder(List.of(
                        "node",
                        RUNNER.toString(),
                        model.toString(),
                        in.toString(),
                        tokens ? "int64" : "float32",
                        dims,
                        out.toString()))
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("ONNX Runtime failed:\n" + log).isZero();
        ByteBuffer result = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[result.remaining() / 4];
        result.asFloatBuffer().get(values);
        return values;
    }

    private static int argmax(float[] v, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (v[from + i] > v[from + best]) best = i;
        return best;
    }
}
