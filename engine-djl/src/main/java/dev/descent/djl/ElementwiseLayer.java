package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.descent.spec.LayerSpec;

/** Layers without parameters that keep or merely reshape their input: activations, dropout, flatten. */
final class ElementwiseLayer implements Layer {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private final LayerSpec spec;

    ElementwiseLayer(LayerSpec spec) {
        this.spec = spec;
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        PtNDArray in = (PtNDArray) x;
        return switch (spec) {
            case LayerSpec.Dropout d -> d.p() == 0 ? x : JniUtils.dropout(in, d.p(), training);
            case LayerSpec.Flatten f -> x.flatten(f.startDim(), f.endDim());
            case LayerSpec.Activation a ->
                switch (a.type()) {
                    case "relu" -> JniUtils.relu(in);
                    case "leaky_relu" -> JniUtils.leakyRelu(in, a.slope());
                    case "sigmoid" -> JniUtils.sigmoid(in);
                    case "tanh" -> JniUtils.tanh(in);
                    case "gelu" -> a.approximate().equals("tanh") ? geluTanh(x) : JniUtils.gelu(in);
                    case "softmax" -> x.softmax(a.dim());
                    case "log_softmax" -> x.logSoftmax(a.dim());
                    default -> throw new IllegalStateException("unchecked activation " + a.type());
                };
            default -> throw new IllegalStateException("not an elementwise layer: " + spec.type());
        };
    }

    /**
     * 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))): libtorch's gelu(approximate='tanh'), which DJL does not expose.
     */
    private static NDArray geluTanh(NDArray x) {
        // Out-of-place throughout: autograd keeps tanh's output for its backward.
        NDArray inner = x.pow(3).mul(0.044715).add(x).mul(SQRT_2_OVER_PI);
        return inner.tanh().add(1).mul(x).mul(0.5);
    }
}
