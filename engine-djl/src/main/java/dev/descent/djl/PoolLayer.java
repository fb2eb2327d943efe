package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.descent.spec.LayerSpec;

/** max_pool2d / avg_pool2d (avg counts padding, PyTorch's default) and their adaptive forms. */
final class PoolLayer implements Layer {
    private final LayerSpec spec;

    PoolLayer(LayerSpec spec) {
        this.spec = spec;
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        PtNDArray in = (PtNDArray) x;
        return switch (spec) {
            case LayerSpec.Pool2d p
            when p.max() ->
                JniUtils.maxPool(
                        in,
                        ConvLayer.shape(p.kernel()),
                        ConvLayer.shape(p.stride()),
                        ConvLayer.shape(p.padding()),
                        p.ceilMode());
            case LayerSpec.Pool2d p ->
                JniUtils.avgPool(
                        in,
                        ConvLayer.shape(p.kernel()),
                        ConvLayer.shape(p.stride()),
                        ConvLayer.shape(p.padding()),
                        p.ceilMode(),
                        true);
            case LayerSpec.AdaptivePool2d p when p.max() -> JniUtils.adaptiveMaxPool(in, ConvLayer.shape(p.output()));
            case LayerSpec.AdaptivePool2d p -> JniUtils.adaptiveAvgPool(in, ConvLayer.shape(p.output()));
            default -> throw new IllegalStateException("not a pooling layer: " + spec.type());
        };
    }
}
