package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;

/** y = x W^T + b over the last dimension (torch.nn.functional.linear). W is [out, in]. */
final class LinearLayer implements Layer {
    private final NDArray weight;
    private final NDArray bias;
    private final List<Param> params = new ArrayList<>();

    LinearLayer(String prefix, boolean bias, InitialWeights init) {
        this.weight = init.parameter(prefix + "weight");
        this.bias = bias ? init.parameter(prefix + "bias") : null;
        params.add(new Param(prefix + "weight", weight));
        if (bias) params.add(new Param(prefix + "bias", this.bias));
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        return JniUtils.linear((PtNDArray) x, (PtNDArray) weight, (PtNDArray) bias);
    }

    @Override
    public List<Param> params() {
        return params;
    }
}
