package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.autograd.GradMode;
import dev.descent.backend.Generator;
import dev.descent.nn.Linear;
import dev.descent.optim.Adagrad;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.Clip;
import dev.descent.optim.Optimizer;
import dev.descent.optim.RAdam;
import dev.descent.optim.SGD;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

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
            this(make, clip, false);
        }

        Fit(Function<Linear, Optimizer<?>> make, double clip, boolean onDevice) {
            optimizer = make.apply(model);
            Runnable update = () -> {
                try (var _ = GradMode.noGrad()) {
                    if (clip > 0 && onDevice) Clip.gradNormWithoutReadBack_(model.parameters(), clip);
                    else if (clip > 0) Clip.gradNorm_(model.parameters(), clip);
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
                    optimizer::frozenUpdateKey,
                    optimizer::prepareReplayedStep);
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
        return eager(make, steps, lrAfter, changeAt, 0);
    }

    private static List<float[]> eager(
            Function<Linear, Optimizer<?>> make, int steps, double lrAfter, int changeAt, double clip) {
        Linear model = new Linear(8, 3, true, new Generator(1));
        Optimizer<?> opt = make.apply(model);
        for (int i = 0; i < steps; i++) {
            if (i == changeAt) opt.setLr(lrAfter);
            opt.zeroGrad(false);
            model.forward(X).sub(Y).square().mean().backward();
            if (clip > 0) Clip.gradNorm_(model.parameters(), clip);
            opt.step();
        }
        List<float[]> out = new ArrayList<>();
        model.parameters().forEach(p -> out.add(p.toFloatArray()));
        return out;
    }

    /** The optimizer buffers after {@code steps} eager steps, in the order the test above collects them. */
    private static List<float[]> eagerState(Function<Linear, Optimizer<?>> make, int steps) {
        Linear model = new Linear(8, 3, true, new Generator(1));
        Optimizer<?> opt = make.apply(model);
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad(false);
            model.forward(X).sub(Y).square().mean().backward();
            opt.step();
        }
        List<float[]> out = new ArrayList<>();
        for (Tensor p : model.parameters()) {
            for (String b : new String[] {"exp_avg", "exp_avg_sq", "max_exp_avg_sq", "sum"}) {
                Tensor t = opt.state(p).buffer(b);
                if (t != null) out.add(t.toFloatArray());
            }
        }
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

    /** Optimizers whose update scalars change every step, read from host scalars at replay. */
    static Stream<Arguments> stepDependentOptimizers() {
        return Stream.of(
                Arguments.of("adam", (Function<Linear, Optimizer<?>>) m -> new Adam(m.parameters(), 0.01)),
                Arguments.of("adam with coupled decay and amsgrad", (Function<Linear, Optimizer<?>>)
                        m -> new Adam(m.parameters(), 0.01, new Adam.Hyper(0.8, 0.99, 1e-6, 0.1, true))),
                Arguments.of("adamw", (Function<Linear, Optimizer<?>>) m -> new AdamW(m.parameters(), 0.01, 0.05)),
                Arguments.of("adagrad with lr decay", (Function<Linear, Optimizer<?>>)
                        m -> new Adagrad(m.parameters(), 0.05, new Adagrad.Hyper(0.1, 0, 0.1, 1e-10))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stepDependentOptimizers")
    void biasCorrectionsAreHostScalarsSoTheWholeStepIsFrozenAndReplaysBitForBit(
            String name, Function<Linear, Optimizer<?>> make) {
        Fit fit = new Fit(make, 0);
        for (int i = 0; i < 10; i++) fit.step();
        assertThat(fit.steps.scope()).isEqualTo(GraphSteps.Scope.WHOLE_STEP);
        assertThat(fit.steps.graph(X, Y).graph().toString())
                .as("the update reads its step size from a host slot")
                .contains("$step_size");
        assertThat(fit.optimizerSteps()).isEqualTo(10);
        assertThat(fit.weights()).containsExactly(eager(make, 10, 0.01, -1).toArray(float[][]::new));
        List<float[]> state = new ArrayList<>();
        for (Tensor p : fit.model.parameters()) {
            for (String b : new String[] {"exp_avg", "exp_avg_sq", "max_exp_avg_sq", "sum"}) {
                Tensor t = fit.optimizer.state(p).buffer(b);
                if (t != null) state.add(t.toFloatArray());
            }
        }
        assertThat(state)
                .as("the optimizer's buffers")
                .containsExactly(eagerState(make, 10).toArray(float[][]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stepDependentOptimizers")
    void aScheduleThatChangesTheLearningRateMidRunRetracesAndStillMatchesBitForBit(
            String name, Function<Linear, Optimizer<?>> make) {
        Fit fit = new Fit(make, 0);
        for (int i = 0; i < 12; i++) {
            if (i == 6) fit.optimizer.setLr(0.002);
            fit.step();
        }
        assertThat(fit.steps.scope()).isEqualTo(GraphSteps.Scope.WHOLE_STEP);
        assertThat(fit.weights()).containsExactly(eager(make, 12, 0.002, 6).toArray(float[][]::new));
    }

    @Test
    void radamsBranchOnTheStepCountKeepsItsUpdateEager() {
        // RAdam switches from a momentum step to a rectified one once ρ_t > 5: a replay could not take that branch, so
        // its scalars stay frozen constants, two traces differ, and the update runs eagerly.
        Function<Linear, Optimizer<?>> radam = m -> new RAdam(m.parameters(), 0.01);
        Fit fit = new Fit(radam, 0);
        for (int i = 0; i < 8; i++) fit.step();
        assertThat(fit.steps.scope()).isEqualTo(GraphSteps.Scope.GRADIENTS);
        assertThat(fit.optimizerSteps()).isEqualTo(8);
        assertThat(fit.weights()).containsExactly(eager(radam, 8, 0.01, -1).toArray(float[][]::new));
    }

    @Test
    void clippingReadsTheNormBackSoItsUpdateStaysEagerEvenWhenNothingIsClipped() {
        Fit fit = new Fit(m -> new SGD(m.parameters(), 0.05), 1e9);
        for (int i = 0; i < 6; i++) fit.step();
        assertThat(fit.steps.scope()).isEqualTo(GraphSteps.Scope.GRADIENTS);
    }

    @ParameterizedTest(name = "max norm {0}")
    @ValueSource(doubles = {0.05, 1e9})
    void clippingWithoutReadBackFreezesTheWholeStepAndReplaysTheEagerClippingBitForBit(double maxNorm) {
        // 0.05 clips every step, 1e9 never does (the gradients are multiplied by exactly 1).
        Function<Linear, Optimizer<?>> adam = m -> new Adam(m.parameters(), 0.01);
        Fit fit = new Fit(adam, maxNorm, true);
        for (int i = 0; i < 10; i++) fit.step();
        assertThat(fit.steps.scope()).isEqualTo(GraphSteps.Scope.WHOLE_STEP);
        assertThat(fit.weights())
                .containsExactly(eager(adam, 10, 0.01, -1, maxNorm).toArray(float[][]::new));
    }

    @Test
    void adamsLearningRateIsAHostScalarSoAScheduleThatChangesItEveryStepTracesOnlyTwice() {
        Function<Linear, Optimizer<?>> adam = m -> new Adam(m.parameters(), 0.01);
        Fit fit = new Fit(adam, 0);
        Linear model = new Linear(8, 3, true, new Generator(1));
        Optimizer<?> eager = adam.apply(model);
        for (int i = 0; i < 10; i++) {
            double lr = 0.01 / (1 + i);
            fit.optimizer.setLr(lr);
            fit.step();
            eager.setLr(lr);
            eager.zeroGrad(false);
            model.forward(X).sub(Y).square().mean().backward();
            eager.step();
        }
        assertThat(fit.steps.scope()).isEqualTo(GraphSteps.Scope.WHOLE_STEP);
        assertThat(fit.steps.traces()).isEqualTo(2);
        List<float[]> expected = new ArrayList<>();
        model.parameters().forEach(p -> expected.add(p.toFloatArray()));
        assertThat(fit.weights()).containsExactly(expected.toArray(float[][]::new));
    }

    @Test
    void adamwsDecayFactorHoldsTheLearningRateSoAChangedRateStillRetraces() {
        Fit fit = new Fit(m -> new AdamW(m.parameters(), 0.01, 0.05), 0);
        for (int i = 0; i < 10; i++) {
            fit.optimizer.setLr(0.01 / (1 + i / 5));
            fit.step();
        }
        assertThat(fit.steps.traces()).isEqualTo(4);
    }
}
