package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.descent.spec.LayerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * batch_norm1d/2d over the channel dimension (running statistics updated in place by libtorch with PyTorch's momentum:
 * running = (1 - momentum) running + momentum batch), and layer_norm over the last one. Without affine parameters,
 * fixed ones (gamma 1, beta 0) stand in and are not trained.
 */
final class NormLayer implements Layer {
    private final LayerSpec spec;
    private final NDArray gamma;
    private final NDArray beta;
    private final NDArray runningMean;
    private final NDArray runningVar;
    private final int features;
    private final List<Param> params = new ArrayList<>();
    private final List<Param> buffers = new ArrayList<>();

    NormLayer(String prefix, LayerSpec spec, int features, InitialWeights init) {
        this.spec = spec;
        this.features = features;
        boolean affine = switch (spec) {
            case LayerSpec.BatchNorm b -> b.affine();
            case LayerSpec.LayerNorm l -> l.affine();
            default -> throw new IllegalArgumentException("not a norm layer: " + spec.type());
        };
        gamma = affine ? init.parameter(prefix + "weight") : init.manager().ones(new Shape(features));
        beta = affine ? init.parameter(prefix + "bias") : init.manager().zeros(new Shape(features));
        if (affine) {
            params.add(new Param(prefix + "weight", gamma));
            params.add(new Param(prefix + "bias", beta));
        }
        if (spec instanceof LayerSpec.BatchNorm) {
            runningMean = init.buffer(prefix + "running_mean");
            runningVar = init.buffer(prefix + "running_var");
            buffers.add(new Param(prefix + "running_mean", runningMean));
            buffers.add(new Param(prefix + "running_var", runningVar));
        } else {
            runningMean = null;
            runningVar = null;
        }
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        PtNDArray in = (PtNDArray) x;
        return switch (spec) {
            // DJL's JniUtils names these arguments (gamma, beta, mean, var) but the native call takes running stats
            // first, as PtNDArrayEx passes them.
            case LayerSpec.BatchNorm b ->
                JniUtils.batchNorm(
                        in,
                        (PtNDArray) runningMean,
                        (PtNDArray) runningVar,
                        (PtNDArray) gamma,
                        (PtNDArray) beta,
                        training,
                        b.momentum(),
                        b.eps());
            case LayerSpec.LayerNorm l ->
                JniUtils.layerNorm(in, new Shape(features), (PtNDArray) gamma, (PtNDArray) beta, l.eps());
            default -> throw new IllegalStateException();
        };
    }

    @Override
    public List<Param> params() {
        return params;
    }

    @Override
    public List<Param> buffers() {
        return buffers;
    }
}
