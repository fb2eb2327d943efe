package dev.descent.optim;

import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed small problem the optimizer tests share: a 2x3 weight W and a 3-element bias b (9 values x in all) under
 * f(x) = ½ Σ a_i (x_i - c_i)² + ½ k (Σ x_i)². The coupling term makes the Hessian non-diagonal, so L-BFGS has real
 * curvature to learn. The gradient, ∇f_i = a_i (x_i - c_i) + k Σ x, is also written out in double precision for the
 * reference updates.
 */
final class Quadratic {
    static final double[] A = {0.5, 1.0, 1.5, 2.0, 0.8, 1.2, 0.7, 1.9, 1.1};
    static final double[] C = {0.3, -0.7, 1.2, -0.2, 0.9, -1.4, 0.5, 0.1, -0.6};
    static final double K = 0.3;
    static final double[] START = {1.0, 0.5, -0.8, 0.25, -1.1, 0.6, -0.3, 0.9, 1.3};

    final DType dtype;
    final Tensor w;
    final Tensor b;
    private final Tensor aw, ab, cw, cb;

    Quadratic(DType dtype) {
        this(dtype, START);
    }

    Quadratic(DType dtype, double[] start) {
        this.dtype = dtype;
        w = tensor(slice(start, 0, 6), 2, 3).requiresGrad_();
        b = tensor(slice(start, 6, 9), 3).requiresGrad_();
        aw = tensor(slice(A, 0, 6), 2, 3);
        ab = tensor(slice(A, 6, 9), 3);
        cw = tensor(slice(C, 0, 6), 2, 3);
        cb = tensor(slice(C, 6, 9), 3);
    }

    List<Tensor> params() {
        return List.of(w, b);
    }

    /** The loss, recorded for backward. */
    Tensor loss() {
        Tensor fit = w.sub(cw)
                .square()
                .mul(aw)
                .sum()
                .add(b.sub(cb).square().mul(ab).sum())
                .mul(0.5);
        return fit.add(w.sum().add(b.sum()).square().mul(0.5 * K));
    }

    /** Zeroes the gradients, computes the loss and backpropagates: the closure an optimizer steps with. */
    Tensor closure() {
        w.setGrad(null);
        b.setGrad(null);
        Tensor l = loss();
        l.backward();
        return l;
    }

    /** The current values of W and b, flattened into x. */
    double[] values() {
        double[] x = new double[9];
        System.arraycopy(w.toDoubleArray(), 0, x, 0, 6);
        System.arraycopy(b.toDoubleArray(), 0, x, 6, 3);
        return x;
    }

    static double value(double[] x) {
        double f = 0, sum = 0;
        for (int i = 0; i < x.length; i++) {
            f += 0.5 * A[i] * (x[i] - C[i]) * (x[i] - C[i]);
            sum += x[i];
        }
        return f + 0.5 * K * sum * sum;
    }

    static double[] gradient(double[] x) {
        double sum = 0;
        for (double v : x) sum += v;
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) g[i] = A[i] * (x[i] - C[i]) + K * sum;
        return g;
    }

    private Tensor tensor(double[] data, int... shape) {
        return Tensor.fromArray(data, shape).to(dtype);
    }

    private static double[] slice(double[] a, int from, int to) {
        double[] out = new double[to - from];
        System.arraycopy(a, from, out, 0, out.length);
        return out;
    }

    static List<Tensor> copies(List<Tensor> params) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : params) out.add(p.detach().clone().requiresGrad_());
        return out;
    }
}
