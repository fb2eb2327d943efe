package dev.descent.optim;

import dev.descent.tensor.Tensor;
import java.util.List;

/**
 * Parameters that share hyper-parameters: a learning rate (which schedules change) and the optimizer's other
 * hyper-parameters {@code H} (e.g. {@link Adam.Hyper}). A typical use is a second group of biases without weight decay.
 */
public final class ParamGroup<H extends Record> implements LearningRate {
    private final List<Tensor> params;
    private double initialLr;
    private double lr;
    private H hyper;

    ParamGroup(List<Tensor> params, double lr, H hyper) {
        this.params = List.copyOf(params);
        this.initialLr = lr;
        this.lr = lr;
        this.hyper = hyper;
    }

    public List<Tensor> params() {
        return params;
    }

    @Override
    public double lr() {
        return lr;
    }

    @Override
    public void setLr(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr))
            throw new HyperParameterException("lr", "learning rate must be >= 0, got " + Check.format(lr));
        this.lr = lr;
    }

    /** The learning rate the group was created with: the base that schedules scale. */
    @Override
    public double initialLr() {
        return initialLr;
    }

    void setInitialLr(double initialLr) {
        this.initialLr = initialLr;
    }

    public H hyper() {
        return hyper;
    }

    public void setHyper(H hyper) {
        if (hyper == null) throw new IllegalArgumentException("hyper-parameters must not be null");
        this.hyper = hyper;
    }

    @Override
    public String toString() {
        return "ParamGroup(" + params.size() + " params, lr=" + lr + ", " + hyper + ")";
    }
}
