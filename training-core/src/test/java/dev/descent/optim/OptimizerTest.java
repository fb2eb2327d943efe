package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OptimizerTest {

    record Kind(String name, Function<List<Tensor>, Optimizer<?>> make) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Kind> kinds() {
        return Stream.of(
                new Kind("sgd momentum nesterov", p -> new SGD(p, 0.05, 0.9, 0, true, 0.01)),
                new Kind("momentum", p -> new Momentum(p, 0.1)),
                new Kind(
                        "rmsprop centered momentum",
                        p -> new RMSprop(p, 0.01, new RMSprop.Hyper(0.9, 1e-8, 0.01, 0.5, true))),
                new Kind("adam amsgrad", p -> new Adam(p, 0.05, new Adam.Hyper(0.9, 0.99, 1e-8, 0.01, true))),
                new Kind("adamw", p -> new AdamW(p, 0.05)),
                new Kind("adagrad", p -> new Adagrad(p, 0.1, new Adagrad.Hyper(0.1, 0, 0.1, 1e-10))),
                new Kind("adadelta", p -> new Adadelta(p)),
                new Kind("lbfgs", p -> new LBFGS(p, 0.5, LBFGS.Hyper.of(2, 5, false))),
                new Kind("lbfgs strong wolfe", p -> new LBFGS(p, 1, LBFGS.Hyper.of(2, 5, true))));
    }

    private static void step(Optimizer<?> opt, Quadratic q) {
        if (opt instanceof LBFGS) {
            opt.step(q::closure);
        } else {
            q.closure();
            opt.step();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aResumedOptimizerContinuesExactly(Kind kind) {
        Quadratic straight = new Quadratic(DType.FLOAT32);
        Optimizer<?> a = kind.make().apply(straight.params());
        Quadratic resumed = new Quadratic(DType.FLOAT32);
        Optimizer<?> b = kind.make().apply(resumed.params());
        for (int i = 0; i < 2; i++) {
            step(a, straight);
            step(b, resumed);
        }
        StateDict saved = b.stateDict();

        // A fresh process: new parameters holding the saved weights, a new optimizer, the saved state.
        Quadratic restarted = new Quadratic(DType.FLOAT32, resumed.values());
        Optimizer<?> c = kind.make().apply(restarted.params());
        c.loadStateDict(saved);
        // Stepping the original on must not disturb the saved snapshot.
        step(b, resumed);
        step(a, straight);
        step(c, restarted);
        assertThat(restarted.values()).containsExactly(straight.values());
        assertThat(resumed.values()).containsExactly(straight.values());
        // And the state after the third step is the same too.
        StateDict sa = a.stateDict(), sc = c.stateDict();
        assertThat(sc.scalars()).isEqualTo(sa.scalars());
        assertThat(sc.tensors().keySet()).isEqualTo(sa.tensors().keySet());
        for (String key : sa.tensors().keySet()) {
            assertThat(sc.tensor(key).toDoubleArray())
                    .as(key)
                    .containsExactly(sa.tensor(key).toDoubleArray());
        }
    }

    @Test
    void theStateSurvivesASafetensorsFile() {
        Quadratic straight = new Quadratic(DType.FLOAT32), resumed = new Quadratic(DType.FLOAT32);
        Adam a = new Adam(straight.params(), 0.05, new Adam.Hyper(0.9, 0.99, 1e-8, 0.01, true));
        Adam b = new Adam(resumed.params(), 0.05, new Adam.Hyper(0.9, 0.99, 1e-8, 0.01, true));
        for (int i = 0; i < 2; i++) {
            step(a, straight);
            step(b, resumed);
        }
        StateDict saved = b.stateDict().prefixed("optimizer.");
        byte[] file = dev.descent.io.Safetensors.write(saved.tensors(), saved.scalarsAsText());

        var contents = dev.descent.io.Safetensors.read(file);
        StateDict read =
                StateDict.fromText(contents.tensors(), contents.metadata()).under("optimizer.");
        Quadratic restarted = new Quadratic(DType.FLOAT32, resumed.values());
        Adam c = new Adam(restarted.params(), 0.05, new Adam.Hyper(0.9, 0.99, 1e-8, 0.01, true));
        c.loadStateDict(read);
        step(a, straight);
        step(c, restarted);
        assertThat(restarted.values()).containsExactly(straight.values());
        assertThatThrownBy(() -> StateDict.fromText(Map.of(), Map.of("groups.0.lr", "fast")))
                .hasMessage("state dict entry 'groups.0.lr' should be a number, got 'fast'");
    }

    @Test
    void theStateDictIsFlatWithReadableKeys() {
        Quadratic q = new Quadratic(DType.FLOAT32);
        Adam adam = new Adam(q.params(), 0.01);
        q.closure();
        adam.step();
        StateDict s = adam.stateDict();
        assertThat(s.tensors().keySet())
                .containsExactly("state.0.exp_avg", "state.0.exp_avg_sq", "state.1.exp_avg", "state.1.exp_avg_sq");
        assertThat(s.scalars())
                .containsEntry("groups", 1.0)
                .containsEntry("groups.0.params", 2.0)
                .containsEntry("groups.0.lr", 0.01)
                .containsEntry("groups.0.initial_lr", 0.01)
                .containsEntry("groups.0.beta1", 0.9)
                .containsEntry("groups.0.beta2", 0.999)
                .containsEntry("groups.0.eps", 1e-8)
                .containsEntry("groups.0.weightDecay", 0.0)
                .containsEntry("groups.0.amsgrad", 0.0)
                .containsEntry("state.0.step", 1.0)
                .containsEntry("state.1.step", 1.0);
        assertThat(s.tensor("state.0.exp_avg").shape()).isEqualTo(q.w.shape());
        assertThat(s.tensor("state.0.exp_avg").requiresGrad()).isFalse();
    }

    @Test
    void loadingRestoresHyperParametersAndLearningRates() {
        Quadratic q = new Quadratic(DType.FLOAT32);
        SGD a = new SGD(q.params(), 0.1, new SGD.Hyper(0.5, 0.1, false, 0.2));
        a.setLr(0.03);
        SGD b = new SGD(new Quadratic(DType.FLOAT32).params(), 0.7);
        b.loadStateDict(a.stateDict());
        assertThat(b.lr()).isEqualTo(0.03);
        assertThat(b.paramGroups().getFirst().initialLr()).isEqualTo(0.1);
        assertThat(b.paramGroups().getFirst().hyper()).isEqualTo(new SGD.Hyper(0.5, 0.1, false, 0.2));
    }

    @Test
    void aStateThatDoesNotFitIsRefusedWithoutChangingAnything() {
        Quadratic q = new Quadratic(DType.FLOAT32);
        Adam adam = new Adam(q.params(), 0.01);
        q.closure();
        adam.step();
        StateDict saved = adam.stateDict();

        Tensor other = Tensor.zeros(3, 2).requiresGrad_();
        Adam wrongShape = new Adam(List.of(other, Tensor.zeros(3).requiresGrad_()), 0.5);
        assertThatThrownBy(() -> wrongShape.loadStateDict(saved))
                .hasMessageContaining("state.0.exp_avg has shape [2, 3] but parameter 0 has shape [3, 2]");
        assertThat(wrongShape.lr()).isEqualTo(0.5);
        assertThat(wrongShape.state(other)).isNull();

        Adam tooFew = new Adam(List.of(Tensor.zeros(2, 3).requiresGrad_()), 0.01);
        assertThatThrownBy(() -> tooFew.loadStateDict(saved))
                .hasMessageContaining("parameter group 0 has 2 parameters, the optimizer's has 1");

        Adam twoGroups = new Adam(List.of(Tensor.zeros(2, 3).requiresGrad_()), 0.01);
        twoGroups.addParamGroup(List.of(Tensor.zeros(3).requiresGrad_()));
        assertThatThrownBy(() -> twoGroups.loadStateDict(saved))
                .hasMessageContaining("state dict has 1 parameter groups, the optimizer has 2");

        SGD sgd = new SGD(new Quadratic(DType.FLOAT32).params(), 0.1);
        assertThatThrownBy(() -> sgd.loadStateDict(saved))
                .hasMessageContaining("state dict has no 'groups.0.momentum'");

        var corrupted = new java.util.HashMap<>(saved.scalars());
        corrupted.put("groups.0.beta1", 1.5);
        Adam adam2 = new Adam(new Quadratic(DType.FLOAT32).params(), 0.01);
        assertThatThrownBy(() -> adam2.loadStateDict(new StateDict(saved.tensors(), corrupted)))
                .hasMessageContaining("parameter group 0: beta1 must be in [0, 1), got 1.5");

        var extra = new java.util.HashMap<>(saved.tensors());
        extra.put("state.7.exp_avg", Tensor.zeros(3));
        assertThatThrownBy(() -> adam2.loadStateDict(new StateDict(extra, saved.scalars())))
                .hasMessageContaining(
                        "state dict key 'state.7.exp_avg' refers to parameter 7 but the optimizer has 2 parameters");
    }

    @Test
    void paramGroupsStepWithTheirOwnLearningRates() {
        Tensor a = Tensor.fromArray(new double[] {1, 2}, 2).requiresGrad_();
        Tensor b = Tensor.fromArray(new double[] {3, 4}, 2).requiresGrad_();
        SGD sgd = new SGD(List.of(a), 0.1);
        sgd.addParamGroup(List.of(b), 0.01);
        a.setGrad(Tensor.fromArray(new double[] {1, -1}, 2));
        b.setGrad(Tensor.fromArray(new double[] {2, -2}, 2));
        sgd.step();
        assertThat(a.toDoubleArray()).containsExactly(new double[] {0.9, 2.1}, within(1e-12));
        assertThat(b.toDoubleArray()).containsExactly(new double[] {2.98, 4.02}, within(1e-12));
        assertThat(sgd.paramGroups()).hasSize(2);
        assertThat(sgd.allParams()).containsExactly(a, b);

        sgd.setLr(0.5);
        assertThat(sgd.paramGroups()).allSatisfy(g -> assertThat(g.lr()).isEqualTo(0.5));
        assertThat(sgd.lr()).isEqualTo(0.5);
    }

    @Test
    void aGroupCanHaveItsOwnHyperParameters() {
        // The common case: weight decay on weights, none on biases.
        Tensor w = Tensor.fromArray(new double[] {1}, 1).requiresGrad_();
        Tensor bias = Tensor.fromArray(new double[] {1}, 1).requiresGrad_();
        SGD sgd = new SGD(List.of(w), 0.1, new SGD.Hyper(0, 0, false, 0.5));
        sgd.addParamGroup(List.of(bias), 0.1, SGD.Hyper.DEFAULT);
        w.setGrad(Tensor.zeros(DType.FLOAT64, 1));
        bias.setGrad(Tensor.zeros(DType.FLOAT64, 1));
        sgd.step();
        assertThat(w.item()).isCloseTo(1 - 0.1 * 0.5, within(1e-12));
        assertThat(bias.item()).isEqualTo(1.0);
    }

    @Test
    void zeroGradDropsTheGradients() {
        Quadratic q = new Quadratic(DType.FLOAT32);
        Adam adam = new Adam(q.params(), 0.01);
        q.closure();
        assertThat(q.w.grad()).isNotNull();
        adam.zeroGrad();
        assertThat(q.w.grad()).isNull();
        assertThat(q.b.grad()).isNull();
    }

    @Test
    void stateIsCreatedOnAParametersFirstStepAndParametersWithoutGradientsAreSkipped() {
        Tensor used = Tensor.ones(2).requiresGrad_();
        Tensor unused = Tensor.ones(2).requiresGrad_();
        Adam adam = new Adam(List.of(used, unused), 0.1);
        assertThat(adam.state(used)).isNull();
        used.mul(used).sum().backward();
        adam.step();
        assertThat(adam.state(used).step()).isEqualTo(1);
        assertThat(adam.state(used).buffer("exp_avg")).isNotNull();
        assertThat(adam.state(unused)).isNull();
        assertThat(unused.toDoubleArray()).containsExactly(1, 1);
        assertThat(used.toDoubleArray()).containsExactly(new double[] {0.9, 0.9}, within(1e-6));
        // Only parameters with state appear in the state dict.
        assertThat(adam.stateDict().scalars()).containsKey("state.0.step").doesNotContainKey("state.1.step");
    }

    @Test
    void stepWithAClosureEvaluatesItWithGradientsOnAndReturnsTheLoss() {
        Quadratic q = new Quadratic(DType.FLOAT64);
        SGD sgd = new SGD(q.params(), 0.1);
        double before = Quadratic.value(Quadratic.START);
        Tensor loss;
        try (var _ = dev.descent.autograd.GradMode.noGrad()) {
            loss = sgd.step(q::closure);
        }
        assertThat(loss.item()).isCloseTo(before, within(1e-12));
        assertThat(Quadratic.value(q.values())).isLessThan(before);
    }

    @Test
    void badParameterListsAreRefusedWithTheParameterNamed() {
        assertThatThrownBy(() -> new SGD(List.of(), 0.1)).hasMessage("optimizer got an empty parameter list");
        Tensor p = Tensor.ones(2).requiresGrad_();
        assertThatThrownBy(() -> new SGD(List.of(p, p), 0.1))
                .hasMessage("parameter 1 [2] appears more than once across the parameter groups");
        SGD sgd = new SGD(List.of(p), 0.1);
        assertThatThrownBy(() -> sgd.addParamGroup(List.of(p)))
                .hasMessage("parameter 1 [2] appears more than once across the parameter groups");
        assertThatThrownBy(() -> new SGD(List.of(p, Tensor.arange(3)), 0.1))
                .hasMessage("parameter 1 is int64; only floating-point tensors can be optimized");
        Tensor computed = p.mul(2);
        assertThatThrownBy(() -> new SGD(List.of(computed), 0.1))
                .hasMessageStartingWith("parameter 0 is not a leaf (it was computed by");
        assertThatThrownBy(() -> sgd.addParamGroup(List.of(Tensor.ones(1)), -1))
                .hasMessage("learning rate must be > 0, got -1");
        assertThatThrownBy(() -> sgd.setLr(-0.5)).hasMessage("learning rate must be >= 0, got -0.5");
    }

    @Test
    void updatesDoNotRecordAGraph() {
        Quadratic q = new Quadratic(DType.FLOAT32);
        Adam adam = new Adam(q.params(), 0.01);
        q.closure();
        adam.step();
        assertThat(q.w.isLeaf()).isTrue();
        assertThat(q.w.requiresGrad()).isTrue();
        assertThat(adam.state(q.w).buffer("exp_avg").requiresGrad()).isFalse();
    }
}
