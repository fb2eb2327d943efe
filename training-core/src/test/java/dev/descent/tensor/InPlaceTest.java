package dev.descent.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.autograd.GradMode;
import dev.descent.backend.DType;
import org.junit.jupiter.api.Test;

/** In-place ops read their operands as they were before the write, and never grow the target. */
class InPlaceTest {

    private static Tensor matrix() {
        return Tensor.fromArray(new float[] {1, 2, 3, 4}, 2, 2);
    }

    @Test
    void operandThatIsATransposedViewOfTheTarget() {
        Tensor x = matrix();
        x.add_(x.t());
        assertThat(x.toFloatArray()).containsExactly(2, 5, 5, 8);

        Tensor y = matrix();
        y.copy_(y.t());
        assertThat(y.toFloatArray()).containsExactly(1, 3, 2, 4);

        Tensor z = matrix();
        z.mul_(z.t());
        assertThat(z.toFloatArray()).containsExactly(1, 6, 6, 16);
    }

    @Test
    void operandShiftedAlongTheTargetsStorage() {
        Tensor v = Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 6});
        v.narrow(0, 1, 5).add_(v.narrow(0, 0, 5));
        assertThat(v.toFloatArray()).containsExactly(1, 3, 5, 7, 9, 11);

        Tensor w = Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 6});
        w.narrow(0, 0, 5).copy_(w.narrow(0, 1, 5));
        assertThat(w.toFloatArray()).containsExactly(2, 3, 4, 5, 6, 6);
        Tensor u = Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 6});
        u.narrow(0, 1, 5).copy_(u.narrow(0, 0, 5));
        assertThat(u.toFloatArray()).containsExactly(1, 1, 2, 3, 4, 5);

        // A long operand, so that the vector and the parallel paths see the overlap too.
        int n = 100_000;
        Tensor big = Tensor.arange(0.0, n, 1.0);
        big.narrow(0, 1, n - 1).sub_(big.narrow(0, 0, n - 1));
        float[] r = big.toFloatArray();
        for (int i = 1; i < n; i++) assertThat(r[i]).isEqualTo(1f);
    }

    @Test
    void operandBroadcastFromARowOfTheTarget() {
        Tensor x = matrix();
        x.div_(x.select(0, 0)); // row 0 is read for row 1 after it was overwritten
        assertThat(x.toFloatArray()).containsExactly(1, 1, 3, 2);

        Tensor y = matrix();
        try (var _ = GradMode.noGrad()) {
            y.addcmul_(y.select(0, 0), y.select(0, 0), 1);
        }
        assertThat(y.toFloatArray()).containsExactly(2, 6, 4, 8);
    }

    @Test
    void sameViewAsOperandStillWorks() {
        Tensor x = matrix();
        x.mul_(x);
        assertThat(x.toFloatArray()).containsExactly(1, 4, 9, 16);
        // Disjoint views of one storage need no copy and give the plain result.
        Tensor m = matrix();
        m.select(1, 0).add_(m.select(1, 1));
        assertThat(m.toFloatArray()).containsExactly(3, 2, 7, 4);
    }

    @Test
    void targetSmallerThanTheBroadcastShapeIsRefused() {
        Tensor x = Tensor.ones(3);
        assertThatThrownBy(() -> x.add_(Tensor.ones(2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add_")
                .hasMessageContaining("output with shape [3] doesn't match the broadcast shape [2, 3]");
        assertThatThrownBy(() -> x.mul_(Tensor.ones(2, 1)))
                .hasMessageContaining("[3]")
                .hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> x.copy_(Tensor.ones(4, 3)))
                .hasMessageContaining("copy_")
                .hasMessageContaining("[3]")
                .hasMessageContaining("[4, 3]");
        try (var _ = GradMode.noGrad()) {
            assertThatThrownBy(() -> x.addcmul_(Tensor.ones(2, 3), Tensor.ones(3), 1))
                    .hasMessageContaining("addcmul_")
                    .hasMessageContaining("[3]")
                    .hasMessageContaining("[2, 3]");
        }
        assertThatThrownBy(() -> Tensor.ones(1).add_(Tensor.ones(3)))
                .hasMessageContaining("output with shape [1] doesn't match the broadcast shape [3]");
        assertThat(x.toFloatArray()).containsExactly(1, 1, 1);
        Tensor h = Tensor.ones(3).requiresGrad_().mul(2);
        assertThatThrownBy(() -> h.add_(Tensor.ones(2, 3)))
                .hasMessageContaining("output with shape [3] doesn't match the broadcast shape [2, 3]");
    }

    @Test
    void writingIntoABroadcastViewIsRefusedUnlessItIsAFill() {
        Tensor base = Tensor.ones(1);
        Tensor wide = base.expand(3);
        assertThatThrownBy(() -> wide.add_(Tensor.fromArray(new float[] {1, 2, 3})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add_")
                .hasMessageContaining("single memory location")
                .hasMessageContaining("[3]");
        assertThatThrownBy(() -> wide.mul_(2))
                .hasMessageContaining("mul_")
                .hasMessageContaining("single memory location");
        assertThatThrownBy(() -> wide.copy_(Tensor.zeros(3))).hasMessageContaining("copy_");
        assertThat(base.toFloatArray()).containsExactly(1);
        wide.fill_(2); // one value for every alias of the location: allowed, as in PyTorch
        assertThat(base.toFloatArray()).containsExactly(2);
        Tensor.ones(1).expand(0, 3).mul_(2); // nothing to write
        wide.clone().mul_(2);
        Tensor.ones(1, 3).expand(1, 3).mul_(2); // size-1 dims may have any stride
    }

    @Test
    void copyFromATensorThatRequiresGradIsRecordedAndItsGradientFlowsBack() {
        Tensor y = Tensor.fromArray(new double[] {1, 2, 3}).requiresGrad_();
        Tensor x = Tensor.zeros(2, 3); // float32, broadcast target
        x.copy_(y);
        assertThat(x.requiresGrad()).isTrue();
        assertThat(x.toFloatArray()).containsExactly(1, 2, 3, 1, 2, 3);
        x.mul(Tensor.fromArray(new float[] {1, 10, 100})).sum().backward();
        assertThat(y.grad().dtype()).isEqualTo(DType.FLOAT64);
        assertThat(y.grad().toDoubleArray()).containsExactly(2, 20, 200);

        Tensor plain = Tensor.zeros(3);
        try (var _ = GradMode.noGrad()) {
            plain.copy_(y);
        }
        assertThat(plain.requiresGrad()).as("nothing recorded under noGrad").isFalse();
    }
}
