package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LBFGSTest {

    /** Rosenbrock's valley, f(x, y) = (1 - x)² + 100 (y - x²)², with its minimum 0 at (1, 1). */
    private static Tensor rosenbrock(Tensor x, Tensor y) {
        return x.rsub(1).square().add(y.sub(x.square()).square().mul(100)).sum();
    }

    @ParameterizedTest(name = "from ({0}, {1})")
    @CsvSource({"-1.2, 1", "-1.5, 2", "0, 0", "2, -1"})
    void strongWolfeFindsTheRosenbrockMinimum(double x0, double y0) {
        Tensor x = Tensor.fromArray(new double[] {x0}, 1).requiresGrad_();
        Tensor y = Tensor.fromArray(new double[] {y0}, 1).requiresGrad_();
        LBFGS lbfgs = new LBFGS(List.of(x, y), 1, new LBFGS.Hyper(100, 125, 1e-10, 1e-20, 10, true));
        int[] evals = {0};
        for (int i = 0; i < 5; i++) {
            lbfgs.step(() -> {
                evals[0]++;
                x.setGrad(null);
                y.setGrad(null);
                Tensor f = rosenbrock(x, y);
                f.backward();
                return f;
            });
        }
        assertThat(x.item()).isCloseTo(1, within(1e-6));
        assertThat(y.item()).isCloseTo(1, within(1e-6));
        assertThat(lbfgs.funcEvals()).isEqualTo(evals[0]);
    }

    @Test
    void theFixedStepFormSolvesAQuadratic() {
        // PyTorch's default form (no line search): on a convex quadratic the curvature pairs make it converge.
        Quadratic q = new Quadratic(DType.FLOAT64);
        LBFGS lbfgs = new LBFGS(q.params(), 1, new LBFGS.Hyper(200, 250, 1e-10, 1e-14, 20, false));
        lbfgs.step(q::closure);
        double[] g = Quadratic.gradient(q.values());
        for (double v : g) assertThat(v).isCloseTo(0, within(1e-7));
    }

    @Test
    void itStopsAtOnceAtAStationaryPoint() {
        Tensor x = Tensor.fromArray(new double[] {1}, 1).requiresGrad_();
        Tensor y = Tensor.fromArray(new double[] {1}, 1).requiresGrad_();
        LBFGS lbfgs = new LBFGS(List.of(x, y));
        Tensor loss = lbfgs.step(() -> {
            x.setGrad(null);
            y.setGrad(null);
            Tensor f = rosenbrock(x, y);
            f.backward();
            return f;
        });
        assertThat(loss.item()).isEqualTo(0.0);
        assertThat(lbfgs.funcEvals()).isEqualTo(1);
        assertThat(lbfgs.iterations()).isZero();
    }

    @Test
    void itNeedsAClosureAndOneGroup() {
        Tensor p = Tensor.ones(2).requiresGrad_();
        LBFGS lbfgs = new LBFGS(List.of(p));
        assertThatThrownBy(lbfgs::step)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call step(closure)");
        assertThatThrownBy(() -> lbfgs.addParamGroup(List.of(Tensor.ones(1))))
                .hasMessageContaining("single parameter group");
        assertThatThrownBy(() -> lbfgs.step(() -> null))
                .hasMessageContaining("must return the loss as a one-element tensor, got null");
        assertThatThrownBy(() -> new LBFGS(List.of(p), 1, LBFGS.Hyper.of(0, 10, false)))
                .hasMessage("max iterations must be >= 1, got 0");
        assertThatThrownBy(() -> new LBFGS(List.of(p), 1, LBFGS.Hyper.of(5, 0, false)))
                .hasMessage("history size must be >= 1, got 0");
    }
}
