package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.descent.train.LayerSpec;

import java.util.ArrayList;
import java.util.List;

/** conv1d / conv2d (torch.nn.functional.conv{1,2}d); weight [out, in/groups, *kernel]. */
final class ConvLayer implements Layer {
    private final LayerSpec.Conv spec;
    private final NDArray weight;
    private final NDArray bias;
    private final List<Param> params = new ArrayList<>();

    ConvLayer(String prefix, LayerSpec.Conv spec, int inChannels, Init init) {
        this.spec = spec;
        long[] shape = new long[spec.dims() + 2];
        shape[0] = spec.out();
        shape[1] = inChannels / spec.groups();
        long fanIn = shape[1];
        for (int d = 0; d < spec.dims(); d++) {
            shape[d + 2] = spec.kernel()[d];
            fanIn *= spec.kernel()[d];
        }
        double bound = 1 / Math.sqrt(fanIn);
        this.weight = init.uniform(bound, shape);
        this.bias = spec.bias() ? init.uniform(bound, spec.out()) : null;
        params.add(new Param(prefix + "weight", weight));
        if (spec.bias()) params.add(new Param(prefix + "bias", bias));
    }

    @Override public NDArray forward(NDArray x, boolean training) {
        return JniUtils.convolution((PtNDArray) x, (PtNDArray) weight, (PtNDArray) bias,
                shape(spec.stride()), shape(spec.padding()), shape(spec.dilation()), spec.groups());
    }

    @Override public List<Param> params() { return params; }

    static Shape shape(int[] sizes) {
        long[] s = new long[sizes.length];
        for (int i = 0; i < s.length; i++) s[i] = sizes[i];
        return new Shape(s);
    }
}
