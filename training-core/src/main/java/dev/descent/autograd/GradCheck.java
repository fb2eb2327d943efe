package dev.descent.autograd;

import dev.descent.backend.DType;
import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;
import java.util.function.Function;

/**
 * Checks backward against finite differences in float64. For a random upstream gradient v, the analytic gradient of
 * sum(f(x) * v) with respect to each input must match the central difference (f(x + eps) - f(x - eps)) / 2eps element
 * by element, within atol + rtol * |numeric|.
 */
public final class GradCheck {
    public static final double EPS = 1e-6, ATOL = 1e-5, RTOL = 1e-3;

    private GradCheck() {}

    /** The outcome: the worst mismatch and where it was. */
    public record Result(boolean passed, double maxError, String detail) {}

    /**
     * @param f the function under test; it must be deterministic (reseed any generator it uses)
     * @param inputs float64 tensors; those with requiresGrad are checked
     */
    public static Result check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        for (Tensor t : inputs) {
            if (t.requiresGrad() && t.dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("gradcheck needs float64 inputs for precision, got "
                        + t.dtype().label());
            }
        }
        Tensor out = f.apply(inputs);
        Tensor v = Tensor.randn(new Generator(1234), out.sizes()).to(DType.FLOAT64);
        for (Tensor t : inputs) t.setGrad(null);
        out.backward(v);

        // Read every analytic gradient before any finite-difference run: a function that calls backward
        // itself (a double-backward check) would otherwise add to the inputs' gradients meanwhile.
        double[][] analytics = new double[inputs.length][];
        for (int k = 0; k < inputs.length; k++) {
            Tensor x = inputs[k];
            if (x.requiresGrad())
                analytics[k] =
                        x.grad() == null ? new double[x.numel()] : x.grad().toDoubleArray();
        }
        double worst = 0;
        String where = "all gradients match";
        boolean passed = true;
        for (int k = 0; k < inputs.length; k++) {
            Tensor x = inputs[k];
            if (!x.requiresGrad()) continue;
            double[] analytic = analytics[k];
            double[] base = x.toDoubleArray();
            for (int i = 0; i < base.length; i++) {
                double numeric = (objective(f, inputs, k, base, i, EPS, v) - objective(f, inputs, k, base, i, -EPS, v))
                        / (2 * EPS);
                double err = Math.abs(analytic[i] - numeric);
                double allowed = ATOL + RTOL * Math.abs(numeric);
                if (!(err <= allowed)) {
                    if (passed || err > worst) {
                        where = "input " + k + " element " + i + ": analytic " + analytic[i] + " vs numeric " + numeric;
                    }
                    passed = false;
                }
                worst = Math.max(worst, Double.isNaN(err) ? Double.POSITIVE_INFINITY : err);
            }
        }
        return new Result(passed, worst, where);
    }

    private static double objective(
            Function<Tensor[], Tensor> f, Tensor[] inputs, int k, double[] base, int i, double delta, Tensor v) {
        double[] shifted = base.clone();
        shifted[i] += delta;
        Tensor[] args = inputs.clone();
        args[k] = Tensor.fromArray(shifted, inputs[k].sizes());
        try (var _ = GradMode.noGrad()) {
            return f.apply(args).mul(v).sum().item();
        }
    }
}
