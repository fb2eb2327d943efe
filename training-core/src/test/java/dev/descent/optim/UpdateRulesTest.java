package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The first three steps of every optimizer on {@link Quadratic} equal the update formulas of the literature, written
 * out below in double precision element by element (in their textbook form, not the rearranged one the optimizers
 * compute), to 1e-6.
 */
class UpdateRulesTest {

    /** One step of a reference update rule on x in place; it computes the gradient itself. */
    interface Reference {
        void step(double[] x);
    }

    record Case(String name, Function<List<Tensor>, Optimizer<?>> optimizer, Supplier<Reference> reference) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<Case> cases = List.of(
                new Case("sgd", p -> new SGD(p, 0.1), () -> sgd(0.1, 0, 0, false, 0)),
                new Case("sgd momentum", p -> new SGD(p, 0.1, 0.9), () -> sgd(0.1, 0.9, 0, false, 0)),
                new Case(
                        "sgd dampening + weight decay",
                        p -> new SGD(p, 0.05, 0.8, 0.3, false, 0.1),
                        () -> sgd(0.05, 0.8, 0.3, false, 0.1)),
                new Case("sgd nesterov", p -> new SGD(p, 0.1, 0.9, 0, true, 0.01), () -> sgd(0.1, 0.9, 0, true, 0.01)),
                new Case("momentum", p -> new Momentum(p, 0.2, 0.9), () -> momentum(0.2, 0.9)),
                new Case("momentum beta 0.5", p -> new Momentum(p, 0.3, 0.5), () -> momentum(0.3, 0.5)),
                new Case("rmsprop", p -> new RMSprop(p, 0.01), () -> rmsprop(0.01, 0.99, 1e-8, 0, 0, false)),
                new Case(
                        "rmsprop beta 0.9 eps 0.1",
                        p -> new RMSprop(p, 0.01, 0.9, 0.1),
                        () -> rmsprop(0.01, 0.9, 0.1, 0, 0, false)),
                new Case(
                        "rmsprop centered",
                        p -> new RMSprop(p, 0.01, new RMSprop.Hyper(0.9, 1e-3, 0, 0, true)),
                        () -> rmsprop(0.01, 0.9, 1e-3, 0, 0, true)),
                new Case(
                        "rmsprop momentum + weight decay",
                        p -> new RMSprop(p, 0.01, new RMSprop.Hyper(0.9, 1e-8, 0.1, 0.5, false)),
                        () -> rmsprop(0.01, 0.9, 1e-8, 0.1, 0.5, false)),
                new Case(
                        "rmsprop centered + momentum",
                        p -> new RMSprop(p, 0.005, new RMSprop.Hyper(0.8, 1e-2, 0, 0.7, true)),
                        () -> rmsprop(0.005, 0.8, 1e-2, 0, 0.7, true)),
                new Case("adam", p -> new Adam(p, 0.1), () -> adam(0.1, 0.9, 0.999, 1e-8, 0, false, false)),
                new Case(
                        "adam custom betas",
                        p -> new Adam(p, 0.05, 0.8, 0.9, 1e-3),
                        () -> adam(0.05, 0.8, 0.9, 1e-3, 0, false, false)),
                new Case(
                        "adam weight decay",
                        p -> new Adam(p, 0.1, new Adam.Hyper(0.9, 0.999, 1e-8, 0.5, false)),
                        () -> adam(0.1, 0.9, 0.999, 1e-8, 0.5, false, false)),
                new Case(
                        "adam amsgrad",
                        p -> new Adam(p, 0.5, new Adam.Hyper(0.5, 0.5, 1e-8, 0, true)),
                        () -> adam(0.5, 0.5, 0.5, 1e-8, 0, true, false)),
                new Case("adamw", p -> new AdamW(p, 0.1), () -> adam(0.1, 0.9, 0.999, 1e-8, 0.01, false, true)),
                new Case(
                        "adamw weight decay 0.5",
                        p -> new AdamW(p, 0.1, 0.5),
                        () -> adam(0.1, 0.9, 0.999, 1e-8, 0.5, false, true)),
                new Case("adagrad", p -> new Adagrad(p, 0.1), () -> adagrad(0.1, 0, 0, 0, 1e-10)),
                new Case(
                        "adagrad lr decay, accumulator, weight decay",
                        p -> new Adagrad(p, 0.1, new Adagrad.Hyper(0.5, 0.1, 0.2, 1e-3)),
                        () -> adagrad(0.1, 0.5, 0.1, 0.2, 1e-3)),
                new Case("adadelta", p -> new Adadelta(p), () -> adadelta(1.0, 0.9, 1e-6, 0)),
                new Case(
                        "adadelta rho 0.5, eps, weight decay",
                        p -> new Adadelta(p, 0.5, new Adadelta.Hyper(0.5, 1e-2, 0.1)),
                        () -> adadelta(0.5, 0.5, 1e-2, 0.1)),
                new Case("lbfgs", p -> new LBFGS(p, 0.5, LBFGS.Hyper.of(1, 100, false)), () -> lbfgs(0.5)),
                new Case("lbfgs lr 1", p -> new LBFGS(p, 1.0, LBFGS.Hyper.of(1, 100, false)), () -> lbfgs(1.0)));
        List<Arguments> args = new ArrayList<>();
        for (Case c : cases) {
            args.add(Arguments.of(c, DType.FLOAT64));
            args.add(Arguments.of(c, DType.FLOAT32));
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("cases")
    void firstThreeStepsMatchTheFormula(Case c, DType dtype) {
        Quadratic q = new Quadratic(dtype);
        Optimizer<?> opt = c.optimizer().apply(q.params());
        Reference ref = c.reference().get();
        double[] expected = Quadratic.START.clone();
        for (int step = 1; step <= 3; step++) {
            if (opt instanceof LBFGS) {
                opt.step(q::closure);
            } else {
                q.closure();
                opt.step();
            }
            ref.step(expected);
            double[] actual = q.values();
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as("%s step %d element %d", c, step, i).isCloseTo(expected[i], within(1e-6));
            }
        }
        // The steps must have moved the weights: a rule that did nothing would match a reference that did nothing.
        assertThat(Quadratic.value(expected)).isLessThan(Quadratic.value(Quadratic.START));
    }

    @org.junit.jupiter.api.Test
    void theAmsgradCaseReachesTheRunningMaximum() {
        // Otherwise the AMSGrad case above would pass with AMSGrad ignored.
        double[] plain = Quadratic.START.clone(), ams = Quadratic.START.clone();
        Reference a = adam(0.5, 0.5, 0.5, 1e-8, 0, false, false), b = adam(0.5, 0.5, 0.5, 1e-8, 0, true, false);
        for (int step = 0; step < 3; step++) {
            a.step(plain);
            b.step(ams);
        }
        assertThat(java.util.Arrays.equals(plain, ams)).isFalse();
    }

    // ---- the reference formulas, one element at a time ----------------------------------------

    static Reference sgd(double lr, double mu, double dampening, boolean nesterov, double wd) {
        double[][] buf = {null};
        return x -> {
            double[] g = Quadratic.gradient(x);
            boolean first = buf[0] == null;
            if (first) buf[0] = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                double gi = g[i] + wd * x[i];
                if (mu != 0) {
                    buf[0][i] = first ? gi : mu * buf[0][i] + (1 - dampening) * gi;
                    gi = nesterov ? gi + mu * buf[0][i] : buf[0][i];
                }
                x[i] -= lr * gi;
            }
        };
    }

    static Reference momentum(double alpha, double beta) {
        double[] v = new double[9];
        return x -> {
            double[] dW = Quadratic.gradient(x);
            for (int i = 0; i < x.length; i++) {
                v[i] = beta * v[i] + (1 - beta) * dW[i];
                x[i] -= alpha * v[i];
            }
        };
    }

    static Reference rmsprop(double alpha, double beta, double eps, double wd, double mu, boolean centered) {
        double[] s = new double[9], m = new double[9], b = new double[9];
        return x -> {
            double[] g = Quadratic.gradient(x);
            for (int i = 0; i < x.length; i++) {
                double dW = g[i] + wd * x[i];
                s[i] = beta * s[i] + (1 - beta) * dW * dW;
                m[i] = beta * m[i] + (1 - beta) * dW;
                double denom = centered ? Math.sqrt(s[i] - m[i] * m[i]) + eps : Math.sqrt(s[i]) + eps;
                if (mu > 0) {
                    b[i] = mu * b[i] + dW / denom;
                    x[i] -= alpha * b[i];
                } else {
                    x[i] -= alpha * dW / denom;
                }
            }
        };
    }

    static Reference adam(
            double alpha, double b1, double b2, double eps, double wd, boolean amsgrad, boolean decoupled) {
        double[] v = new double[9], s = new double[9], sMax = new double[9];
        int[] t = {0};
        return x -> {
            t[0]++;
            double[] g = Quadratic.gradient(x);
            for (int i = 0; i < x.length; i++) {
                double dW = g[i];
                if (decoupled) x[i] -= alpha * wd * x[i];
                else dW += wd * x[i];
                v[i] = b1 * v[i] + (1 - b1) * dW;
                s[i] = b2 * s[i] + (1 - b2) * dW * dW;
                sMax[i] = Math.max(sMax[i], s[i]);
                double vHat = v[i] / (1 - Math.pow(b1, t[0]));
                double sHat = (amsgrad ? sMax[i] : s[i]) / (1 - Math.pow(b2, t[0]));
                x[i] -= alpha * vHat / (Math.sqrt(sHat) + eps);
            }
        };
    }

    static Reference adagrad(double alpha, double lrDecay, double wd, double g0, double eps) {
        double[] sum = new double[9];
        java.util.Arrays.fill(sum, g0);
        int[] t = {0};
        return x -> {
            t[0]++;
            double[] g = Quadratic.gradient(x);
            double rate = alpha / (1 + (t[0] - 1) * lrDecay);
            for (int i = 0; i < x.length; i++) {
                double dW = g[i] + wd * x[i];
                sum[i] += dW * dW;
                x[i] -= rate * dW / (Math.sqrt(sum[i]) + eps);
            }
        };
    }

    static Reference adadelta(double alpha, double rho, double eps, double wd) {
        double[] s = new double[9], u = new double[9];
        return x -> {
            double[] g = Quadratic.gradient(x);
            for (int i = 0; i < x.length; i++) {
                double dW = g[i] + wd * x[i];
                s[i] = rho * s[i] + (1 - rho) * dW * dW;
                double delta = Math.sqrt(u[i] + eps) / Math.sqrt(s[i] + eps) * dW;
                u[i] = rho * u[i] + (1 - rho) * delta * delta;
                x[i] -= alpha * delta;
            }
        };
    }

    /**
     * L-BFGS with one iteration per step and a fixed step, in matrix form: the inverse-Hessian estimate H = V_kᵀ H V_k
     * + ρ_k s_k s_kᵀ built explicitly over the stored pairs from H₀ = γ I, γ = yᵀs / yᵀy of the newest pair; x += t (-H
     * g), with t = min(1, 1/|g|₁) α on the first step.
     */
    static Reference lbfgs(double alpha) {
        List<double[]> ss = new ArrayList<>(), ys = new ArrayList<>();
        double[][] prev = {null, null};
        return x -> {
            double[] g = Quadratic.gradient(x);
            int n = x.length;
            double[] d = new double[n];
            double t;
            if (prev[0] == null) {
                double l1 = 0;
                for (double v : g) l1 += Math.abs(v);
                for (int i = 0; i < n; i++) d[i] = -g[i];
                t = Math.min(1, 1 / l1) * alpha;
            } else {
                double[] s = new double[n], y = new double[n];
                for (int i = 0; i < n; i++) {
                    s[i] = x[i] - prev[0][i];
                    y[i] = g[i] - prev[1][i];
                }
                ss.add(s);
                ys.add(y);
                double gamma = dot(y, s) / dot(y, y);
                double[][] h = new double[n][n];
                for (int i = 0; i < n; i++) h[i][i] = gamma;
                for (int k = 0; k < ss.size(); k++) {
                    double[] sk = ss.get(k), yk = ys.get(k);
                    double rho = 1 / dot(yk, sk);
                    double[][] v = new double[n][n];
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) v[i][j] = (i == j ? 1 : 0) - rho * yk[i] * sk[j];
                    }
                    double[][] next = multiply(multiply(transpose(v), h), v);
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) next[i][j] += rho * sk[i] * sk[j];
                    }
                    h = next;
                }
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) d[i] -= h[i][j] * g[j];
                }
                t = alpha;
            }
            prev[0] = x.clone();
            prev[1] = g;
            for (int i = 0; i < n; i++) x[i] += t * d[i];
        };
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < n; j++) c[i][j] += a[i][k] * b[k][j];
            }
        }
        return c;
    }

    private static double[][] transpose(double[][] a) {
        int n = a.length;
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) t[j][i] = a[i][j];
        }
        return t;
    }
}
