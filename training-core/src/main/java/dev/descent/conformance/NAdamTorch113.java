package dev.descent.conformance;

import dev.descent.optim.NAdam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.ParamState;
import dev.descent.tensor.Tensor;
import java.util.IdentityHashMap;

/**
 * NAdam exactly as PyTorch 1.13 computes it, for {@link KnownDifference#NADAM_MOMENTUM_PRODUCT} only: its second step
 * divides by 1 - Π_t μ_t μ_{t+1}, multiplying μ_t in twice (later versions, and {@link NAdam}, use 1 - Π_t μ_{t+1}, as
 * the paper does). A case that matches this variant differs from Descent by that factor alone.
 */
final class NAdamTorch113 extends Optimizer<NAdam.Hyper> {
    private final IdentityHashMap<Tensor, Tensor[]> moments = new IdentityHashMap<>();
    private final IdentityHashMap<Tensor, double[]> products = new IdentityHashMap<>();

    NAdamTorch113(Iterable<? extends Tensor> params, double lr, NAdam.Hyper hyper) {
        super(params, lr, hyper);
    }

    @Override
    protected void update(Tensor w, Tensor grad, double lr, NAdam.Hyper h, ParamState s) {
        Tensor[] m = moments.computeIfAbsent(w, k -> new Tensor[] {Tensor.zerosLike(w), Tensor.zerosLike(w)});
        double[] state = products.computeIfAbsent(w, k -> new double[] {0, 1}); // step, product of mu
        long t = (long) ++state[0];
        Tensor dW = h.weightDecay() != 0 ? grad.add(w, h.weightDecay()) : grad;
        double mu = h.beta1() * (1 - 0.5 * Math.pow(0.96, t * h.momentumDecay()));
        double muNext = h.beta1() * (1 - 0.5 * Math.pow(0.96, (t + 1) * h.momentumDecay()));
        state[1] *= mu;
        double productNext = state[1] * mu * muNext;
        m[0].lerp_(dW, 1 - h.beta1());
        m[1].mulAddcmul_(h.beta2(), dW, dW, 1 - h.beta2());
        Tensor denom = m[1].div(1 - Math.pow(h.beta2(), (double) t)).sqrt_().add_(h.eps());
        w.addcdiv_(dW, denom, -lr * (1 - mu) / (1 - state[1]));
        w.addcdiv_(m[0], denom, -lr * muNext / (1 - productNext));
    }
}
