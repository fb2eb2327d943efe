package dev.descent.nn;

import dev.descent.tensor.Tensor;

/** x Phi(x), exactly ("none") or with the tanh approximation ("tanh"). */
public class GELU extends Module {
    public final String approximate;

    public GELU() {
        this("none");
    }

    public GELU(String approximate) {
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
            throw new IllegalArgumentException("GELU: approximate must be 'none' or 'tanh', got '" + approximate + "'");
        }
        this.approximate = approximate;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.gelu(approximate);
    }

    @Override
    protected String extraRepr() {
        return approximate.equals("none") ? "" : "approximate='" + approximate + "'";
    }
}
