package dev.descent.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.backend.Generator;
import dev.descent.nn.F;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** zeroGradInPlace keeps a parameter's gradient buffer, and a linear layer's backward writes into it. */
class GradientBufferTest {

    @Test
    void aZeroedBufferIsReusedAndHoldsTheSameGradientAsAFreshOne() {
        Generator gen = new Generator(4);
        Tensor w = Tensor.randn(gen, 5, 3).requiresGrad_();
        Tensor x1 = Tensor.randn(gen, 7, 3), x2 = Tensor.randn(gen, 7, 3);
        F.linear(x1, w, null).square().sum().backward();
        Tensor buffer = w.grad();

        w.zeroGradInPlace();
        F.linear(x2, w, null).square().sum().backward();
        assertThat(w.grad()).isSameAs(buffer);
        float[] reused = w.grad().toFloatArray();

        w.setGrad(null);
        F.linear(x2, w, null).square().sum().backward();
        assertThat(w.grad()).isNotSameAs(buffer);
        assertThat(w.grad().toFloatArray()).containsExactly(reused);
    }

    @Test
    void aWeightUsedTwiceAccumulatesBothContributions() {
        Generator gen = new Generator(5);
        Tensor w = Tensor.randn(gen, 4, 4).requiresGrad_();
        Tensor x = Tensor.randn(gen, 2, 4);
        F.linear(F.linear(x, w, null), w, null).sum().backward();
        float[] expected = w.grad().toFloatArray();

        w.zeroGradInPlace();
        F.linear(F.linear(x, w, null), w, null).sum().backward();
        assertThat(w.grad().toFloatArray()).containsExactly(expected);
    }

    @Test
    void aZeroedGradientReadsAsZerosUntilBackwardWritesIt() {
        Tensor w = Tensor.ones(3).requiresGrad_();
        w.mul(2).sum().backward();
        w.zeroGradInPlace();
        assertThat(w.grad().toFloatArray()).containsOnly(0f);
        w.mul(3).sum().backward();
        assertThat(w.grad().toFloatArray()).containsOnly(3f);
    }

    @Test
    void aZeroedBufferAnOpOverwritesIsNeverFilledWithZerosFirst() {
        Generator gen = new Generator(6);
        Tensor w = Tensor.randn(gen, 5, 3).requiresGrad_();
        Tensor x = Tensor.randn(gen, 7, 3);
        F.linear(x, w, null).sum().backward();
        Tensor buffer = w.grad();
        int before = buffer.version();

        w.zeroGradInPlace();
        assertThat(buffer.version()).as("zeroing is deferred to the first read").isEqualTo(before);
        Tensor taken = w.takeZeroedGrad();
        assertThat(taken).isSameAs(buffer);
        assertThat(buffer.version())
                .as("the taker overwrites it, so no zeros were written")
                .isEqualTo(before);
        assertThat(w.takeZeroedGrad()).as("handed out once").isNull();
    }

    @Test
    void aZeroedGradientThatIsReadBeforeBackwardCanStillBeWrittenInto() {
        Generator gen = new Generator(7);
        Tensor w = Tensor.randn(gen, 4, 2).requiresGrad_();
        Tensor x = Tensor.randn(gen, 3, 2);
        F.linear(x, w, null).sum().backward();
        float[] expected = w.grad().toFloatArray();
        Tensor buffer = w.grad();

        w.zeroGradInPlace();
        assertThat(w.grad().toFloatArray()).containsOnly(0f);
        F.linear(x, w, null).sum().backward();
        assertThat(w.grad()).isSameAs(buffer);
        assertThat(w.grad().toFloatArray()).containsExactly(expected);
    }
}
