package dev.descent.optim;

import dev.descent.tensor.Tensor;

/**
 * Gradient descent with momentum in the exponential-average form (the one taught alongside RMSprop and Adam), with v
 * starting at 0:
 *
 * <pre>
 *   v  = β v + (1 - β) dW
 *   W -= α v
 * </pre>
 *
 * Unlike {@link SGD}'s momentum, v is an average, not a sum, so α keeps its plain-SGD scale.
 */
public final class Momentum extends Optimizer<Momentum.Hyper> {

    public record Hyper(double beta) {
        public static final Hyper DEFAULT = new Hyper(0.9);

        public Hyper {
            Check.unitOpen("beta", "beta", beta);
        }
    }

    public Momentum(Iterable<? extends Tensor> params, double lr) {
        this(params, lr, Hyper.DEFAULT);
    }

    public Momentum(Iterable<? extends Tensor> params, double lr, double beta) {
        this(params, lr, new Hyper(beta));
    }

    public Momentum(Iterable<? extends Tensor> params, double lr, Hyper hyper) {
        super(params, lr, hyper);
    }

    @Override
    protected void update(Tensor w, Tensor dW, double lr, Hyper h, ParamState s) {
        s.advance();
        Tensor v = s.buffer("velocity", () -> Tensor.zerosLike(w));
        v.lerp_(dW, 1 - h.beta());
        w.add_(v, -lr);
    }
}
