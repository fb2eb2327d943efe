package dev.descent.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.descent.spec.LayerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * conv_transpose2d, weight [in, out/groups, kh, kw] as in PyTorch. DJL 0.36's PyTorch engine leaves deconvolution "Not
 * implemented", so it is composed from ops libtorch differentiates: spread the input with stride-1 zeros between
 * pixels, pad each side by dilation*(k-1) - padding (negative pads crop) plus outputPadding at the end, then convolve
 * at stride 1 with the kernel flipped and its in/out axes swapped within each group.
 */
final class ConvTransposeLayer implements Layer {
    private final LayerSpec.ConvTranspose2d spec;
    private final int inChannels;
    private final NDArray weight;
    private final NDArray bias;
    private final List<Param> params = new ArrayList<>();

    ConvTransposeLayer(String prefix, LayerSpec.ConvTranspose2d spec, InitialWeights init) {
        this.spec = spec;
        this.weight = init.parameter(prefix + "weight");
        this.inChannels = Math.toIntExact(weight.getShape().get(0));
        this.bias = spec.bias() ? init.parameter(prefix + "bias") : null;
        params.add(new Param(prefix + "weight", weight));
        if (spec.bias()) params.add(new Param(prefix + "bias", bias));
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        NDArray spread = spread(spread(x, 2, spec.stride()[0]), 3, spec.stride()[1]);
        long[] pad = new long[4]; // torch order: left, right, top, bottom
        for (int d = 0; d < 2; d++) {
            long side = (long) spec.dilation()[d] * (spec.kernel()[d] - 1) - spec.padding()[d];
            pad[(1 - d) * 2] = side;
            pad[(1 - d) * 2 + 1] = side + spec.outputPadding()[d];
        }
        NDArray padded = spread.pad(new Shape(pad), 0);
        int g = spec.groups();
        long outPerGroup = spec.out() / g;
        NDArray w = Layer.local(x, weight.reshape(g, inChannels / g, outPerGroup, spec.kernel()[0], spec.kernel()[1]));
        w = w.transpose(0, 2, 1, 3, 4)
                .reshape(spec.out(), inChannels / g, spec.kernel()[0], spec.kernel()[1])
                .flip(2, 3);
        return JniUtils.convolution(
                (PtNDArray) padded,
                (PtNDArray) w,
                (PtNDArray) bias,
                new Shape(1, 1),
                new Shape(0, 0),
                ConvLayer.shape(spec.dilation()),
                g);
    }

    /** Inserts stride-1 zeros between neighbours along {@code axis}. */
    private static NDArray spread(NDArray x, int axis, int stride) {
        if (stride == 1) return x;
        Shape s = x.getShape();
        long n = s.get(axis);
        NDArray column = x.expandDims(axis + 1);
        long[] zerosShape = column.getShape().getShape().clone(); // getShape() exposes the array's own
        zerosShape[axis + 1] = stride - 1L;
        NDArray joined = column.concat(x.getManager().zeros(new Shape(zerosShape)), axis + 1);
        long[] flat = s.getShape().clone();
        flat[axis] = n * stride;
        NDArray spread = joined.reshape(new Shape(flat));
        long keep = (n - 1) * stride + 1;
        return spread.get(axis == 2 ? ":, :, :" + keep : ":, :, :, :" + keep);
    }

    @Override
    public List<Param> params() {
        return params;
    }
}
