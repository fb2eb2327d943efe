package dev.descent.optim;

import dev.descent.tensor.Tensor;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter): the weights shrink by α λ W directly instead of through the
 * gradient, so the decay is not rescaled by √ŝ:
 *
 * <pre>
 *   W  = W - α λ W
 *   then Adam's update with dW as it is (see {@link Adam})
 * </pre>
 *
 * Default λ = 0.01.
 */
public final class AdamW extends Optimizer<Adam.Hyper> {

    public static final Adam.Hyper DEFAULT = new Adam.Hyper(0.9, 0.999, 1e-8, 0.01, false);

    public AdamW(Iterable<? extends Tensor> params, double lr) {
        this(params, lr, DEFAULT);
    }

    public AdamW(Iterable<? extends Tensor> params, double lr, double weightDecay) {
        this(params, lr, new Adam.Hyper(0.9, 0.999, 1e-8, weightDecay, false));
    }

    public AdamW(Iterable<? extends Tensor> params, double lr, Adam.Hyper hyper) {
        super(params, lr, hyper);
    }

    @Override
    protected void update(Tensor w, Tensor dW, double lr, Adam.Hyper h, ParamState s) {
        if (h.weightDecay() != 0) w.mul_(1 - lr * h.weightDecay());
        Adam.adamUpdate(w, dW, lr, h, s);
    }

    /** As Adam: the decay factor 1 - α λ depends on the learning rate only, which a frozen update holds. */
    @Override
    protected void prepareReplay(double lr, Adam.Hyper h, ParamState s) {
        Adam.biasCorrection(s.advance(), lr, h, s);
    }
}
