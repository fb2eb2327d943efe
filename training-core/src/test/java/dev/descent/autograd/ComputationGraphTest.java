package dev.descent.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The computation-graph example from the literature: e = a*b + c*ln(a). */
class ComputationGraphTest {

    @Test
    void gradientsMatchTheHandDerivation() {
        Tensor a = Tensor.scalar(2).requiresGrad_();
        Tensor b = Tensor.scalar(3).requiresGrad_();
        Tensor c = Tensor.scalar(5).requiresGrad_();

        Tensor u = a.mul(b);
        Tensor t = a.log();
        Tensor v = t.mul(c);
        Tensor e = u.add(v);
        e.backward();

        assertThat(e.item()).isCloseTo(6 + 5 * Math.log(2), within(1e-5));
        assertThat(a.grad().item()).isCloseTo(5.5, within(1e-6));
        assertThat(b.grad().item()).isCloseTo(2.0, within(1e-6));
        assertThat(c.grad().item()).isCloseTo(Math.log(2), within(1e-6));
        assertThat(e.gradFn().name()).isEqualTo("AddBackward");
        assertThat(u.gradFn().name()).isEqualTo("MulBackward");
    }
}
