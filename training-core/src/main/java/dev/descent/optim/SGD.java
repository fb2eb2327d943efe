package dev.descent.optim;

import dev.descent.tensor.Tensor;

/**
 * Stochastic gradient descent with PyTorch's momentum semantics. With weight decay λ, momentum μ and dampening τ, at
 * step t:
 *
 * <pre>
 *   g  = ∇W + λ W
 *   b  = g                        (t = 1)
 *   b  = μ b + (1 - τ) g          (t > 1)
 *   g  = g + μ b   if Nesterov, else g = b      (only when μ > 0)
 *   W -= α g
 * </pre>
 *
 * Plain SGD (μ = 0, λ = 0) is a single pass over each parameter.
 */
public final class SGD extends Optimizer<SGD.Hyper> {

    public record Hyper(double momentum, double dampening, boolean nesterov, double weightDecay) {
        public static final Hyper DEFAULT = new Hyper(0, 0, false, 0);

        public Hyper {
            Check.unitOpen("momentum", "momentum", momentum);
            Check.unitClosed("dampening", "dampening", dampening);
            Check.nonNegative("weightDecay", "weight decay", weightDecay);
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new HyperParameterException(
                        "nesterov",
                        "Nesterov momentum needs momentum > 0 and dampening 0, got momentum " + Check.format(momentum)
                                + " and dampening " + Check.format(dampening));
            }
        }
    }

    public SGD(Iterable<? extends Tensor> params, double lr) {
        this(params, lr, Hyper.DEFAULT);
    }

    public SGD(Iterable<? extends Tensor> params, double lr, double momentum) {
        this(params, lr, new Hyper(momentum, 0, false, 0));
    }

    public SGD(
            Iterable<? extends Tensor> params,
            double lr,
            double momentum,
            double dampening,
            boolean nesterov,
            double weightDecay) {
        this(params, lr, new Hyper(momentum, dampening, nesterov, weightDecay));
    }

    public SGD(Iterable<? extends Tensor> params, double lr, Hyper hyper) {
        super(params, lr, hyper);
    }

    @Override
    protected void update(Tensor w, Tensor grad, double lr, Hyper h, ParamState s) {
        s.advance();
        Tensor g = h.weightDecay() != 0 ? grad.add(w, h.weightDecay()) : grad;
        if (h.momentum() != 0) {
            Tensor b = s.buffer("momentum_buffer");
            if (b == null) {
                b = g.clone();
                s.put("momentum_buffer", b);
            } else {
                b.mul_(h.momentum()).add_(g, 1 - h.dampening());
            }
            g = h.nesterov() ? g.add(b, h.momentum()) : b;
        }
        w.add_(g, -lr);
    }
}
