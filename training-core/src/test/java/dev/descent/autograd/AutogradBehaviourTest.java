package dev.descent.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.backend.DType;
import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AutogradBehaviourTest {

    @Test
    void gradientsAccumulateUntilCleared() {
        Tensor x = Tensor.fromArray(new float[] {1, 2, 3}).requiresGrad_();
        x.mul(2).sum().backward();
        x.mul(3).sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(5, 5, 5);
        x.setGrad(null);
        x.square().sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(2, 4, 6);
    }

    @Test
    void secondBackwardThroughAFreedGraphFailsUnlessRetained() {
        Tensor x = Tensor.fromArray(new float[] {1, 2}).requiresGrad_();
        Tensor y = x.exp().sum();
        y.backward();
        assertThatThrownBy(y::backward)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("backward through the graph a second time")
                .hasMessageContaining("retainGraph");

        Tensor z = x.exp().sum();
        x.setGrad(null);
        z.backward(null, true, false);
        z.backward();
        assertThat(x.grad().toDoubleArray()[0]).isCloseTo(2 * Math.E, within(1e-5));
    }

    @Test
    void nonScalarBackwardNeedsAGradient() {
        Tensor x = Tensor.ones(2, 2).requiresGrad_();
        Tensor y = x.mul(3);
        assertThatThrownBy(y::backward)
                .hasMessageContaining("only for scalar outputs")
                .hasMessageContaining("[2, 2]");
        y.backward(Tensor.fromArray(new float[] {1, 2, 3, 4}, 2, 2));
        assertThat(x.grad().toFloatArray()).containsExactly(3, 6, 9, 12);
    }

    @Test
    void retainGradKeepsANonLeafGradient() {
        Tensor x = Tensor.fromArray(new float[] {1, 2}).requiresGrad_();
        Tensor h = x.mul(2).retainGrad();
        Tensor mid = x.add(1);
        h.square().sum().add(mid.sum()).backward();
        assertThat(h.grad().toFloatArray()).containsExactly(4, 8);
        assertThat(mid.grad()).isNull();
        assertThat(h.isLeaf()).isFalse();
        assertThat(x.isLeaf()).isTrue();
    }

    @Test
    void noGradAndDetachRecordNothing() {
        Tensor x = Tensor.ones(3).requiresGrad_();
        try (var _ = GradMode.noGrad()) {
            Tensor y = x.mul(2);
            assertThat(y.requiresGrad()).isFalse();
            assertThat(y.gradFn()).isNull();
        }
        assertThat(GradMode.isEnabled()).isTrue();
        assertThat(x.detach().mul(2).requiresGrad()).isFalse();
        assertThat(x.mul(2).gradFn().name()).isEqualTo("MulBackward");
    }

    @Test
    void modifyingASavedTensorInPlaceFailsAtBackward() {
        Tensor x = Tensor.fromArray(new float[] {1, 2, 3}).requiresGrad_();
        Tensor y = x.exp(); // ExpBackward saves its output
        Tensor z = y.sum();
        try (var _ = GradMode.noGrad()) {
            y.mul_(2);
        }
        assertThatThrownBy(z::backward)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("modified by an in-place operation")
                .hasMessageContaining("ExpBackward")
                .hasMessageContaining("version 1; expected version 0");
    }

    @Test
    void inPlaceOnALeafThatRequiresGradIsRefused() {
        Tensor w = Tensor.ones(2).requiresGrad_();
        assertThatThrownBy(() -> w.add_(Tensor.ones(2)))
                .hasMessageContaining("leaf tensor that requires grad")
                .hasMessageContaining("add_");
        try (var _ = GradMode.noGrad()) {
            w.add_(Tensor.ones(2));
        }
        assertThat(w.toFloatArray()).containsExactly(2, 2);
        assertThat(w.version()).isEqualTo(1);
    }

    @Test
    void inPlaceOnANonLeafIsRecorded() {
        Tensor x = Tensor.fromArray(new float[] {1, 2}).requiresGrad_();
        Tensor y = x.mul(3);
        y.add_(1).mul_(2); // y = (3x + 1) * 2
        y.sum().backward();
        assertThat(y.toFloatArray()).containsExactly(8, 14);
        assertThat(x.grad().toFloatArray()).containsExactly(6, 6);
    }

    @Test
    void createGraphGivesSecondDerivatives() {
        Tensor x = Tensor.scalar(2.0, DType.FLOAT64).requiresGrad_();
        Tensor y = x.pow(3);
        y.backward(Tensor.onesLike(y), true, true);
        Tensor dy = x.grad(); // 3x^2 = 12, with its own graph
        assertThat(dy.item()).isCloseTo(12, within(1e-12));
        x.setGrad(null);
        dy.backward();
        assertThat(x.grad().item()).isCloseTo(12, within(1e-12)); // 6x
    }

    @Test
    void integerTensorsCannotRequireGrad() {
        assertThatThrownBy(() -> Tensor.arange(3).requiresGrad_())
                .hasMessageContaining("floating-point")
                .hasMessageContaining("int64");
    }

    @Test
    void broadcastGradientsAreSummedBack() {
        Tensor a = Tensor.ones(2, 3).requiresGrad_();
        Tensor b = Tensor.fromArray(new float[] {1, 2, 3}).requiresGrad_();
        Tensor c = Tensor.fromArray(new float[] {5, 7}, 2, 1).requiresGrad_();
        a.mul(b).add(c).sum().backward();
        assertThat(b.grad().toFloatArray()).containsExactly(2, 2, 2);
        assertThat(b.grad().sizes()).containsExactly(3);
        assertThat(c.grad().sizes()).containsExactly(2, 1);
        assertThat(c.grad().toFloatArray()).containsExactly(3, 3);
        assertThat(a.grad().toFloatArray()).containsExactly(1, 2, 3, 1, 2, 3);
    }

    @Test
    void sharedGradientBuffersAreNotAliased() {
        Tensor a = Tensor.ones(3).requiresGrad_();
        Tensor b = Tensor.ones(3).requiresGrad_();
        a.add(b).sum().backward();
        try (var _ = GradMode.noGrad()) {
            a.grad().mul_(10);
        }
        assertThat(b.grad().toFloatArray()).containsExactly(1, 1, 1);
    }

    @Test
    void dotExportShowsOpsShapesAndLeaves() {
        Tensor w = Tensor.ones(3, 2).requiresGrad_();
        Tensor x = Tensor.ones(4, 3);
        String dot = Dot.export(x.matmul(w).relu().sum());
        assertThat(dot)
                .startsWith("digraph autograd {")
                .contains("MatMulBackward\\n[4, 2]")
                .contains("ReluBackward")
                .contains("SumBackward\\n[]")
                .contains("leaf\\n[3, 2]\\nrequires grad")
                .endsWith("}\n");
    }

    @Test
    void matmulInputsChangedInPlaceAfterForwardFailAtBackward() {
        Tensor w = Tensor.ones(3, 2).requiresGrad_();
        Tensor x = Tensor.ones(4, 3);
        Tensor loss = x.matmul(w).sum();
        x.mul_(2); // dW = x^T g would silently use the doubled x
        assertThatThrownBy(loss::backward)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("modified by an in-place operation")
                .hasMessageContaining("MatMulBackward")
                .hasMessageContaining("expected version 0");

        Tensor v = Tensor.ones(3); // a 1-D operand is saved as a [1, 3] view of the same storage
        Tensor y = v.matmul(w).sum();
        v.add_(1);
        assertThatThrownBy(y::backward)
                .hasMessageContaining("MatMulBackward")
                .hasMessageContaining("modified by an in-place operation");

        Tensor a = Tensor.ones(2, 3).requiresGrad_();
        Tensor b = Tensor.ones(3, 2);
        Tensor z = a.matmul(b).sum();
        try (var _ = GradMode.noGrad()) {
            b.t().mul_(3);
        }
        assertThatThrownBy(z::backward).hasMessageContaining("MatMulBackward").hasMessageContaining("tensor 1");
    }

    @Test
    void retainedGradientIsItsOwnBuffer() {
        Tensor x = Tensor.fromArray(new float[] {1, 2, 3}).requiresGrad_();
        Tensor h = x.add(0.0).retainGrad();
        h.mul(2).sum().backward(); // h's gradient 2 flows on unchanged to x
        float[] retained = h.grad().toFloatArray();
        assertThat(retained).containsExactly(2, 2, 2);
        // More backward work accumulates into x's gradient; h's retained gradient must not move with it.
        x.mul(5).sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(7, 7, 7);
        assertThat(h.grad().toFloatArray()).containsExactly(retained);
        try (var _ = GradMode.noGrad()) {
            h.grad().mul_(100);
        }
        assertThat(x.grad().toFloatArray()).containsExactly(7, 7, 7);
    }

    @Test
    void gradientsOfASumAccumulate() {
        Tensor x = Tensor.ones(3).requiresGrad_();
        x.sum().backward();
        x.sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(2, 2, 2);
    }

    @Test
    void powGradientAtZeroExponentIsZero() {
        Tensor base = Tensor.fromArray(new double[] {0, 0, 2}).requiresGrad_();
        Tensor exponent = Tensor.fromArray(new double[] {0, 2, 0}).requiresGrad_();
        base.pow(exponent).sum().backward();
        // d(a^0)/da = 0 everywhere, including a = 0 where b a^(b-1) would be 0 * inf.
        assertThat(base.grad().toDoubleArray()).containsExactly(0, 0, 0);
        assertThat(exponent.grad().toDoubleArray()).containsExactly(new double[] {0, 0, Math.log(2)}, within(1e-12));
    }

    @Test
    void indexTensorsChangedInPlaceAfterForwardFailAtBackward() {
        Tensor x = Tensor.fromArray(new float[] {1, 2, 3}).requiresGrad_();
        Tensor idx = Tensor.fromArray(new long[] {0, 2});
        Tensor selected = x.indexSelect(0, idx).sum();
        Tensor gathered = x.gather(0, idx).sum();
        Tensor scattered = Tensor.zeros(3).scatterAdd(0, idx, x.narrow(0, 0, 2)).sum();
        Tensor added = Tensor.zeros(3).indexAdd(0, idx, x.narrow(0, 0, 2)).sum();
        idx.fill_(1); // the gradient would silently go to x[1]
        assertThatThrownBy(selected::backward)
                .hasMessageContaining("IndexSelectBackward")
                .hasMessageContaining("modified by an in-place operation");
        assertThatThrownBy(gathered::backward)
                .hasMessageContaining("GatherBackward")
                .hasMessageContaining("modified by an in-place operation");
        assertThatThrownBy(scattered::backward)
                .hasMessageContaining("ScatterAddBackward")
                .hasMessageContaining("modified by an in-place operation");
        assertThatThrownBy(added::backward)
                .hasMessageContaining("IndexAddBackward")
                .hasMessageContaining("modified by an in-place operation");

        Tensor img = Tensor.rand(new Generator(3), 1, 1, 4, 4).requiresGrad_();
        var pooled = dev.descent.nn.F.maxPool2dWithIndices(
                img, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1}, false);
        Tensor loss = pooled.values().sum();
        pooled.indices().fill_(0);
        assertThatThrownBy(loss::backward)
                .hasMessageContaining("MaxPool2dBackward")
                .hasMessageContaining("modified by an in-place operation");
    }

    @Test
    void aLeafGradientIsNeverABroadcastView() {
        Tensor x = Tensor.ones(3).requiresGrad_();
        x.sum().mul(3).backward(); // SumBackward hands out a stride-0 expand of one element
        assertThat(x.grad().isContiguous()).isTrue();
        x.sum().mul(3).backward();
        assertThat(x.grad().toFloatArray()).containsExactly(6, 6, 6);
        try (var _ = GradMode.noGrad()) {
            x.grad().mul_(0.5); // as gradient clipping does
            x.grad().select(0, 0).fill_(7);
        }
        assertThat(x.grad().toFloatArray()).containsExactly(7, 3, 3);
    }

    @Test
    void gradientDTypeMustMatch() {
        Tensor x = Tensor.ones(2).requiresGrad_();
        assertThatThrownBy(() -> x.setGrad(Tensor.ones(DType.FLOAT64, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gradient dtype float64 does not match tensor dtype float32");
        Tensor y = x.mul(2).retainGrad();
        y.backward(Tensor.fromArray(new double[] {1, 2})); // converted to the output's dtype, as its gradient must be
        assertThat(y.grad().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(x.grad().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(x.grad().toFloatArray()).containsExactly(2, 4);
    }
}
