package dev.descent.nn;

import dev.descent.tensor.Tensor;

/** Batch normalisation of [N, C, H, W] per channel, over the batch and both spatial dimensions. */
public class BatchNorm2d extends BatchNorm {

    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    public BatchNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInput(Tensor x) {
        if (x.dim() != 4)
            throw new IllegalArgumentException("BatchNorm2d expects input [N, C, H, W], got shape " + x.shape());
    }
}
