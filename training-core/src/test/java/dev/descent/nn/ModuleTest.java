package dev.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.autograd.GradMode;
import dev.descent.backend.DType;
import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {

    /** fc1 -> relu -> bn -> fc2, with a shared weight to check deduplication. */
    static final class Net extends Module {
        final Linear fc1 = registerModule("fc1", new Linear(4, 3, true, new Generator(1)));
        final Sequential body = registerModule("body", new Sequential(new ReLU(), new BatchNorm1d(3)));
        final Linear fc2 = registerModule("fc2", new Linear(3, 2, false, new Generator(2)));
        final Parameter scale = registerParameter("scale", new Parameter(Tensor.ones(2)));

        @Override
        public Tensor forward(Tensor x) {
            return fc2.forward(body.forward(fc1.forward(x))).mul(scale);
        }
    }

    @Test
    void parametersAreNamedByPathInRegistrationOrder() {
        Net net = new Net();
        assertThat(net.namedParameters().keySet())
                .containsExactly("scale", "fc1.weight", "fc1.bias", "body.1.weight", "body.1.bias", "fc2.weight");
        assertThat(net.parameters()).hasSize(6).allMatch(p -> p.requiresGrad() && p.isLeaf());
        assertThat(net.namedBuffers().keySet())
                .containsExactly("body.1.running_mean", "body.1.running_var", "body.1.num_batches_tracked");
        assertThat(net.parameterCount()).isEqualTo(2 + 12 + 3 + 3 + 3 + 6);
        assertThat(net.children()).containsExactly(net.fc1, net.body, net.fc2);
        assertThat(net.modules()).hasSize(6).startsWith(net, net.fc1, net.body);
    }

    @Test
    void aSharedParameterIsListedOnce() {
        Linear shared = new Linear(2, 2);
        Sequential twice = new Sequential(shared, shared);
        assertThat(twice.parameters()).hasSize(2);
        assertThat(twice.namedParameters().keySet()).containsExactly("0.weight", "0.bias");
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Net net = new Net();
        assertThat(net.modules()).allMatch(Module::isTraining);
        net.eval();
        assertThat(net.modules()).noneMatch(Module::isTraining);
        net.train();
        assertThat(net.body.get(1).isTraining()).isTrue();
    }

    @Test
    void zeroGradForgetsEveryGradient() {
        Net net = new Net();
        net.forward(Tensor.rand(new Generator(3), 5, 4)).sum().backward();
        assertThat(net.parameters()).allMatch(p -> p.grad() != null);
        net.zeroGrad();
        assertThat(net.parameters()).allMatch(p -> p.grad() == null);
    }

    @Test
    void stateDictRoundTripReproducesTheOutputs() {
        Net a = new Net(), b = new Net();
        try (var _ = GradMode.noGrad()) {
            for (Parameter p : b.parameters()) p.normal_(new Generator(9), 0, 1);
        }
        a.forward(Tensor.rand(new Generator(4), 8, 4)); // training step moves a's running statistics
        a.eval();
        b.eval();
        Tensor x = Tensor.rand(new Generator(5), 3, 4);
        assertThat(b.forward(x).allClose(a.forward(x), 1e-6, 1e-6)).isFalse();

        Map<String, Tensor> state = a.stateDict();
        assertThat(state.keySet())
                .containsExactly(
                        "scale",
                        "fc1.weight",
                        "fc1.bias",
                        "body.1.weight",
                        "body.1.bias",
                        "body.1.running_mean",
                        "body.1.running_var",
                        "body.1.num_batches_tracked",
                        "fc2.weight");
        Parameter fc1Weight = b.fc1.weight;
        b.loadStateDict(state);
        assertThat(b.fc1.weight).isSameAs(fc1Weight);
        assertThat(b.forward(x).allClose(a.forward(x), 0, 0)).isTrue();
        assertThat(b.body.get(1).stateDict().get("num_batches_tracked").itemLong())
                .isEqualTo(1);
    }

    @Test
    void stateDictSharesDataButNotHistory() {
        Linear l = new Linear(2, 2);
        Tensor w = l.stateDict().get("weight");
        assertThat(w.requiresGrad()).isFalse();
        try (var _ = GradMode.noGrad()) {
            w.fill_(7);
        }
        assertThat(l.weight.toFloatArray()).containsOnly(7f);
    }

    @Test
    void loadStateDictNamesMissingUnexpectedAndMismatchedKeysAndCopiesNothing() {
        Linear l = new Linear(3, 2);
        float[] before = l.weight.toFloatArray();
        Map<String, Tensor> bad = new LinkedHashMap<>();
        bad.put("weight", Tensor.zeros(2, 4));
        bad.put("extra", Tensor.zeros(1));
        assertThatThrownBy(() -> l.loadStateDict(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing keys [bias]")
                .hasMessageContaining("unexpected keys [extra]")
                .hasMessageContaining(
                        "size mismatch for 'weight': the checkpoint has shape [2, 4], this model has [2, 3]");
        assertThat(l.weight.toFloatArray()).containsExactly(before);

        Map<String, Tensor> partial = Map.of("bias", Tensor.fromArray(new double[] {1, 2}));
        l.loadStateDict(partial, false);
        assertThat(l.bias.toFloatArray()).containsExactly(1f, 2f);
        assertThat(l.bias.dtype()).isEqualTo(DType.FLOAT32);
        assertThatThrownBy(() -> l.loadStateDict(partial)).hasMessageContaining("missing keys [weight]");
    }

    @Test
    void toStringIsATreeOfConfigurations() {
        Sequential model =
                new Sequential(new Flatten(), new Linear(784, 10), new Sequential(new ReLU(), new Dropout(0.2)));
        assertThat(model.toString()).isEqualTo("""
                Sequential(
                  (0): Flatten(start_dim=1, end_dim=-1)
                  (1): Linear(in_features=784, out_features=10, bias=true)
                  (2): Sequential(
                    (0): ReLU()
                    (1): Dropout(p=0.2)
                  )
                )""");
        assertThat(new Conv2d(1, 6, 5, 1, 2).toString())
                .isEqualTo("Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))");
        assertThat(new LSTM(3, 4, 2, true, true, 0, true, new Generator(0)).toString())
                .isEqualTo("LSTM(3, 4, num_layers=2, batch_first=true, bidirectional=true)");
        assertThat(new BatchNorm2d(6).toString())
                .isEqualTo("BatchNorm2d(6, eps=1.0E-5, momentum=0.1, affine=true, track_running_stats=true)");
    }

    @Test
    void summaryListsOutputShapesAndParameterCountsAndRestoresTrainingMode() {
        Sequential model = new Sequential(
                new Conv2d(1, 6, 5, 1, 2),
                new MaxPool2d(2),
                new Flatten(),
                new Dropout(0.5),
                new Linear(6 * 14 * 14, 10));
        Summary s = model.summary(1, 28, 28);
        assertThat(s.rows())
                .extracting(Summary.Row::type)
                .containsExactly("Conv2d", "MaxPool2d", "Flatten", "Dropout", "Linear");
        assertThat(s.rows().get(0).outputShape()).containsExactly(6, 28, 28);
        assertThat(s.rows().get(2).outputShape()).containsExactly(1176);
        assertThat(s.rows().get(4).params()).isEqualTo(1176 * 10 + 10);
        assertThat(s.totalParams()).isEqualTo(156 + 11770);
        assertThat(s.outputShape()).containsExactly(10);
        assertThat(model.isTraining()).isTrue();
        assertThat(s.table()).contains("Conv2d", "[6, 28, 28]", "11,770", "total parameters: 11,926");
    }

    @Test
    void parameterIsAContiguousFloatingLeafSharingItsData() {
        Tensor data = Tensor.rand(new Generator(1), 3, 2).t();
        Parameter p = new Parameter(data);
        assertThat(p.isContiguous()).isTrue();
        assertThat(p.requiresGrad()).isTrue();
        assertThat(p.isLeaf()).isTrue();
        assertThat(p.toFloatArray()).containsExactly(data.toFloatArray());
        Tensor contiguous = Tensor.zeros(2);
        Parameter shared = new Parameter(contiguous, false);
        assertThat(shared.storage()).isSameAs(contiguous.storage());
        assertThat(shared.requiresGrad()).isFalse();
        assertThatThrownBy(() -> new Parameter(Tensor.arange(3)))
                .hasMessageContaining("floating-point")
                .hasMessageContaining("int64");
    }

    @Test
    void registrationRejectsBadAndDuplicateNames() {
        class Bad extends Module {
            Bad(String a, String b) {
                registerParameter(a, new Parameter(Tensor.zeros(1)));
                registerBuffer(b, Tensor.zeros(1));
            }

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        }
        assertThatThrownBy(() -> new Bad("w", "w")).hasMessageContaining("already has a member named 'w'");
        assertThatThrownBy(() -> new Bad("a.b", "c")).hasMessageContaining("contain no '.'");
    }

    @Test
    void containersIndexAndRefuseForward() {
        ModuleList list = new ModuleList(new Linear(2, 2), new ReLU());
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.get(1)).isInstanceOf(ReLU.class);
        assertThat(list.namedParameters().keySet()).containsExactly("0.weight", "0.bias");
        assertThatThrownBy(() -> list.get(2))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("index 2");
        assertThatThrownBy(() -> list.forward(Tensor.zeros(1))).isInstanceOf(UnsupportedOperationException.class);

        ParameterList params = new ParameterList(new Parameter(Tensor.zeros(2)), new Parameter(Tensor.ones(3)));
        assertThat(params.namedParameters().keySet()).containsExactly("0", "1");
        assertThat(params.get(1).numel()).isEqualTo(3);
        assertThat(params.toString()).contains("(1): Parameter containing: [float32 of size [3]]");

        Sequential seq = new Sequential(List.of(new Linear(2, 3), new ReLU()));
        assertThat(seq.forward(Tensor.ones(4, 2)).sizes()).containsExactly(4, 3);
        assertThat(seq).hasSize(2);
    }
}
