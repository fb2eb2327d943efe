package dev.descent.nn;

import dev.descent.tensor.Tensor;

/** Batch normalisation of [N, C] or [N, C, L] over the batch (and length). */
public class BatchNorm1d extends BatchNorm {

    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    public BatchNorm1d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInput(Tensor x) {
        if (x.dim() != 2 && x.dim() != 3)
            throw new IllegalArgumentException("BatchNorm1d expects input [N, C] or [N, C, L], got shape " + x.shape());
    }
}
