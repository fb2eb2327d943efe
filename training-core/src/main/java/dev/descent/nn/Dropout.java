package dev.descent.nn;

import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;

/** In training, zeroes each element with probability p and scales the rest by 1/(1-p); in eval, the identity. */
public class Dropout extends Module {
    public final double p;
    private final Generator gen;

    public Dropout(double p) {
        this(p, Generator.global());
    }

    /** Masks are drawn from {@code gen}, so a seeded generator makes training reproducible. */
    public Dropout(double p, Generator gen) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("dropout probability must be in [0, 1], got " + p);
        this.p = p;
        this.gen = gen;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.dropout(x, p, isTraining(), gen);
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
