package dev.descent.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CustomFunctionTest {

    /** The hand-written ReLU of the autograd tutorials: save the input, mask the gradient. */
    static final class MyReLU extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return in[0].clampMin(0);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            Tensor x = ctx.saved(0);
            return new Tensor[] {grad.mul(x.gt(0))};
        }
    }

    @Test
    void customReluGivesTheBuiltInGradients() {
        Generator gen = new Generator(3);
        Tensor x1 = Tensor.randn(gen, 16, 8).requiresGrad_();
        Tensor x2 = x1.detach().clone().requiresGrad_();
        Tensor w = Tensor.randn(gen, 8, 4);

        Tensor custom =
                new MyReLU().apply(x1.matmul(Tensor.eye(8))).matmul(w).square().sum();
        Tensor builtin = x2.matmul(Tensor.eye(8)).relu().matmul(w).square().sum();
        custom.backward();
        builtin.backward();

        assertThat(custom.item()).isEqualTo(builtin.item());
        assertThat(x1.grad().toFloatArray()).containsExactly(x2.grad().toFloatArray());
        assertThat(Dot.export(custom)).contains("MyReLUBackward");
    }

    /** x^2 with a wrong backward (x instead of 2x): gradcheck must notice. */
    static final class WrongSquare extends Function {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return in[0].square();
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor grad) {
            return new Tensor[] {grad.mul(ctx.saved(0))};
        }
    }

    @Test
    void gradCheckCatchesAWrongBackward() {
        Tensor x = Tensor.fromArray(new double[] {0.5, -1.5, 2.0}).requiresGrad_();
        GradCheck.Result result = GradCheck.check(in -> new WrongSquare().apply(in[0]), x);
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).contains("analytic").contains("numeric");
    }
}
