package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.descent.spec.LayerSpec;
import java.util.ArrayList;
import java.util.List;

/** conv1d / conv2d (torch.nn.functional.conv{1,2}d); weight [out, in/groups, *kernel]. */
final class ConvLayer implements Layer {
    private final LayerSpec.Conv spec;
    private final NDArray weight;
    private final NDArray bias;
    private final List<Param> params = new ArrayList<>();

    ConvLayer(String prefix, LayerSpec.Conv spec, InitialWeights init) {
        this.spec = spec;
        this.weight = init.parameter(prefix + "weight");
        this.bias = spec.bias() ? init.parameter(prefix + "bias") : null;
        params.add(new Param(prefix + "weight", weight));
        if (spec.bias()) params.add(new Param(prefix + "bias", bias));
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        return JniUtils.convolution(
                (PtNDArray) x,
                (PtNDArray) weight,
                (PtNDArray) bias,
                shape(spec.stride()),
                shape(spec.padding()),
                shape(spec.dilation()),
                spec.groups());
    }

    @Override
    public List<Param> params() {
        return params;
    }

    static Shape shape(int[] sizes) {
        long[] s = new long[sizes.length];
        for (int i = 0; i < s.length; i++) s[i] = sizes[i];
        return new Shape(s);
    }
}
