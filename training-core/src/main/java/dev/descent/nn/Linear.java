package dev.descent.nn;

import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;

/** y = x W^T + b, with W [out_features, in_features]; applies to the last dimension of any input. */
public class Linear extends Module {
    public final int inFeatures, outFeatures;
    public final Parameter weight, bias;
    private final Generator gen;

    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true, Generator.global());
    }

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        this(inFeatures, outFeatures, bias, Generator.global());
    }

    public Linear(int inFeatures, int outFeatures, boolean bias, Generator gen) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException(
                    "Linear: in_features and out_features must be > 0, got " + inFeatures + " and " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.gen = gen;
        this.weight = registerParameter("weight", new Parameter(Tensor.zeros(outFeatures, inFeatures)));
        this.bias = registerParameter("bias", bias ? new Parameter(Tensor.zeros(outFeatures)) : null);
        resetParameters();
    }

    /** PyTorch's default: W and b uniform in +-1/sqrt(in_features). */
    public void resetParameters() {
        Init.pytorchDefault_(weight, bias, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.linear(x, weight, bias);
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null);
    }
}
