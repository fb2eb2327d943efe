package dev.descent.optim;

import dev.descent.backend.HostScalar;
import dev.descent.tensor.Tensor;

/**
 * Adagrad (Duchi et al.), with PyTorch's learning-rate decay η and initial accumulator value G0:
 *
 * <pre>
 *   dW = dW + λ W
 *   G  = G + dW²                     (G starts at G0)
 *   W -= α / (1 + (t - 1) η) · dW / (√G + ε)
 * </pre>
 *
 * The decayed step size changes every step when η > 0: it is a {@link HostScalar}, so graph mode replays the update and
 * reads each step's value (see {@link Adam}).
 */
public final class Adagrad extends Optimizer<Adagrad.Hyper> {

    public record Hyper(double lrDecay, double weightDecay, double initialAccumulator, double eps) {
        public static final Hyper DEFAULT = new Hyper(0, 0, 0, 1e-10);

        public Hyper {
            Check.nonNegative("lrDecay", "learning rate decay", lrDecay);
            Check.nonNegative("weightDecay", "weight decay", weightDecay);
            Check.nonNegative("initialAccumulator", "initial accumulator value", initialAccumulator);
            Check.nonNegative("eps", "eps", eps);
        }
    }

    public Adagrad(Iterable<? extends Tensor> params, double lr) {
        this(params, lr, Hyper.DEFAULT);
    }

    public Adagrad(Iterable<? extends Tensor> params, double lr, Hyper hyper) {
        super(params, lr, hyper);
    }

    @Override
    protected void update(Tensor w, Tensor grad, double lr, Hyper h, ParamState s) {
        long t = s.advance();
        Tensor dW = h.weightDecay() != 0 ? grad.add(w, h.weightDecay()) : grad;
        Tensor sum = s.buffer("sum", () -> Tensor.fullLike(w, h.initialAccumulator()));
        sum.addcmul_(dW, dW, 1);
        HostScalar stepSize = stepSize(t, lr, h, s);
        try (var _ = HostScalar.reading(stepSize)) {
            w.addcdivSqrt_(dW, sum, stepSize.get(), h.eps());
        }
    }

    /** The learning rate enters the update only through the step size. */
    @Override
    protected boolean learningRateIsHostScalar() {
        return true;
    }

    @Override
    protected void prepareReplay(double lr, Hyper h, ParamState s) {
        stepSize(s.advance(), lr, h, s);
    }

    /** Sets step t's step size -α / (1 + (t - 1) η) (negative, so never the call's fixed coefficient 1 or ε). */
    private static HostScalar stepSize(long t, double lr, Hyper h, ParamState s) {
        double clr = lr / (1 + (t - 1) * h.lrDecay());
        HostScalar cell = s.scalar("step_size");
        cell.set(-clr);
        return cell;
    }
}
