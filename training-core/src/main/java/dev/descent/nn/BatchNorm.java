package dev.descent.nn;

import dev.descent.autograd.GradMode;
import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;

/**
 * Batch normalisation per channel (dimension 1): y = (x - mean) / sqrt(var + eps) * weight + bias. Training normalises
 * with the batch's statistics and folds them into running_mean and running_var with {@code momentum}; eval mode
 * normalises with the running statistics. Buffers and parameters carry PyTorch's names (weight, bias, running_mean,
 * running_var, num_batches_tracked).
 */
public abstract class BatchNorm extends Module {
    public final int numFeatures;
    public final double eps, momentum;
    public final Parameter weight, bias;
    public final Tensor runningMean, runningVar, numBatchesTracked;

    protected BatchNorm(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        if (numFeatures <= 0)
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + ": num_features must be > 0, got " + numFeatures);
        if (!(eps > 0))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": eps must be > 0, got " + eps);
        if (!(momentum >= 0 && momentum <= 1))
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + ": momentum must be in [0, 1], got " + momentum);
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = registerParameter("weight", affine ? new Parameter(Tensor.ones(numFeatures)) : null);
        this.bias = registerParameter("bias", affine ? new Parameter(Tensor.zeros(numFeatures)) : null);
        this.runningMean = registerBuffer("running_mean", trackRunningStats ? Tensor.zeros(numFeatures) : null);
        this.runningVar = registerBuffer("running_var", trackRunningStats ? Tensor.ones(numFeatures) : null);
        this.numBatchesTracked =
                registerBuffer("num_batches_tracked", trackRunningStats ? Tensor.zeros(DType.INT64) : null);
    }

    /** Running statistics back to mean 0, variance 1; weight 1 and bias 0. */
    public void resetParameters() {
        try (var _ = GradMode.noGrad()) {
            if (runningMean != null) {
                runningMean.zero_();
                runningVar.fill_(1);
                numBatchesTracked.zero_();
            }
            if (weight != null) {
                weight.fill_(1);
                bias.zero_();
            }
        }
    }

    /** Throws when the input's rank does not suit this layer. */
    protected abstract void checkInput(Tensor x);

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        if (x.size(1) != numFeatures) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "(" + numFeatures + ") got input "
                    + x.shape() + " with " + x.size(1) + " channels");
        }
        if (isTraining() && numBatchesTracked != null) {
            try (var _ = GradMode.noGrad()) {
                numBatchesTracked.add_(1);
            }
        }
        return F.batchNorm(x, runningMean, runningVar, weight, bias, isTraining(), momentum, eps);
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + momentum + ", affine=" + (weight != null)
                + ", track_running_stats=" + (runningMean != null);
    }
}
