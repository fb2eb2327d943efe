package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.autograd.GradMode;
import dev.descent.backend.Generator;
import dev.descent.nn.Linear;
import dev.descent.optim.Adam;
import dev.descent.optim.Clip;
import dev.descent.optim.Optimizer;
import dev.descent.optim.SGD;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Which part of a step graph mode freezes, and that what it replays is what eager mode computes, bit for bit. */
class GraphStepsTest {
    private static final Tensor X = Tensor.randn(new Generator(7), 16, 8);
    private static final Tensor Y = Tensor.randn(new Generator(8), 16, 3);

    /** A linear regression trained by {@code optimizer}, stepped in graph mode or eagerly. */
    private static final class Fit {
        final Linear model = new Linear(8, 3, true, new Generator(1));
        final Optimizer<?> optimizer;
        final GraphSteps steps;

        Fit(Function<Linear, Optimizer<?>> make, double clip) {
            optimizer = make.apply(model);
            Runnable update = () -> {
                try (var _ = GradMode.noGrad()) {
                    if (clip > 0) Clip.gradNorm_(model.parameters(), clip);
                    optimizer.step();
                }
            };
            steps = new GraphSteps(
                    in -> {
                        optimizer.zeroGrad(false);
                        Tensor l = model.forward(in[0]).sub(in[1]).square().mean();
                        l.backward();
                        return new Tensor[] {l.detach()};
                    },
                    update,
                    true,
                    () -> optimizer.paramGroups().stream()
                            .map(g -> List.of(g.lr(), g.hyper()))
                            .toList(),
                    optimizer::countReplayedStep);
        }

        float[] step() {
            return steps.step(X, Y)[0].toFloatArray();
        }

        List<float[]> weights() {
            List<float[]> out = new ArrayList<>();
            model.parameters().forEach(p -> out.add(p.toFloatArray()));
            return out;
        }

        long optimizerSteps() {
            return optimizer.state(model.parameters().getFirst()).step();
        }
    }

    /** The same optimizer, stepped eagerly: the reference. */
    private static List<float[]> eager(Function<Linear, Optimizer<?>> make, int steps, double lrAfter, int changeAt) {
        Linear model = new Linear(8, 3, true, new Generator(1));
        Optimizer<?> opt = make.apply(model);
        for (int i = 0; i < steps; i++) {
            if (i == changeAt) opt.setLr(lrAfter);
            opt.zeroGrad(false);
            model.forward(X).sub(Y).square().mean().backward();
            opt.step();
        }
        List<float[]> out = new ArrayList<>();
        model.parameters().forEach(p -> out.add(p.toFloatArray()));
        return out;
    }

    @Test
    void sgdsWholeStepIsFrozenAndReplaysTheEagerRunBitForBit() {
        Function<Linear, Optimizer<?>> sgd = m -> new SGD(m.parameters(), 0.05);
        Fit fit = new Fit(sgd, 0);
        for (int i = 0; i < 10; i++) fit.step();
        assertThat(fit.steps.scope()).isEqualTo(GraphSteps.Scope.WHOLE_STEP);
        assertThat(fit.optimizerSteps())
                .as("the optimizer counts replayed steps")
                .isEqualTo(10);
        assertThat(fit.weights()).containsExactly(eager(sgd, 10, 0.05, -1).toArray(float[][]::new));
    }

    @Test
    void aChangedLearningRateRetracesTheFrozenUpdate() {
        Function<Linear, Optimizer<?>> sgd = m -> new SGD(m.parameters(), 0.05);
        Fit fit = new Fit(sgd, 0);
        for (int i = 0; i < 12; i++) {
            if (i == 6) fit.optimizer.setLr(0.01);
            fit.step();
        }
        assertThat(fit.steps.scope()).isEqualTo(GraphSteps.Scope.WHOLE_STEP);
        assertThat(fit.weights()).containsExactly(eager(sgd, 12, 0.01, 6).toArray(float[][]::new));
    }

    @Test
    void adamsBiasCorrectionKeepsItsUpdateEager() {
        Function<Linear, Optimizer<?>> adam = m -> new Adam(m.parameters(), 0.01);
        Fit fit = new Fit(adam, 0);
        for (int i = 0; i < 8; i++) fit.step();
        assertThat(fit.steps.scope()).isEqualTo(GraphSteps.Scope.GRADIENTS);
        assertThat(fit.optimizerSteps()).isEqualTo(8);
        assertThat(fit.weights()).containsExactly(eager(adam, 8, 0.01, -1).toArray(float[][]::new));
    }

    @Test
    void clippingReadsTheNormBackSoItsUpdateStaysEagerEvenWhenNothingIsClipped() {
        Fit fit = new Fit(m -> new SGD(m.parameters(), 0.05), 1e9);
        for (int i = 0; i < 6; i++) fit.step();
        assertThat(fit.steps.scope()).isEqualTo(GraphSteps.Scope.GRADIENTS);
    }
}
