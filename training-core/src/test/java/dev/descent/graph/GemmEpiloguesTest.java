package dev.descent.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.autograd.GradMode;
import dev.descent.backend.Generator;
import dev.descent.nn.Linear;
import dev.descent.nn.ReLU;
import dev.descent.nn.Sequential;
import dev.descent.optim.SGD;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class GemmEpiloguesTest {
    private static final Generator GEN = new Generator(17);

    private static float[] values(Tensor t) {
        return t.contiguous().toFloatArray();
    }

    private static Sequential net(long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Linear(37, 70, true, g), new ReLU(), new Linear(70, 11, true, g));
    }

    private static List<String> ops(Graph g) {
        return g.nodes().stream().map(KernelCall::signature).toList();
    }

    @Test
    void aLinearReluForwardBecomesOneProductWithBiasAndReluInItsStoreWithTheEagerBits() {
        Sequential net = net(1);
        Function<Tensor[], Tensor[]> f = in -> new Tensor[] {net.forward(in[0])};
        Graph g = Tracer.trace(f, Tensor.randn(GEN, 33, 37)).optimize();
        assertThat(ops(g)).containsExactly("matmul(bias, relu)", "matmul(bias)");
        Tensor x = Tensor.randn(GEN, 33, 37);
        assertThat(values(g.compile().run(x)[0])).containsExactly(values(f.apply(new Tensor[] {x})[0]));
    }

    @Test
    void aProductThenABroadcastAddThenReluOfPrimitivesFusesWithTheEagerBits() {
        Tensor w = Tensor.randn(GEN, 8, 21), b = Tensor.randn(GEN, 21);
        Function<Tensor[], Tensor[]> f =
                in -> new Tensor[] {in[0].matmul(w).add(b).relu()};
        Graph g = Tracer.trace(f, Tensor.randn(GEN, 5, 8)).optimize();
        assertThat(ops(g)).containsExactly("matmul(bias, relu)");
        Tensor x = Tensor.randn(GEN, 5, 8);
        assertThat(values(g.compile().run(x)[0])).containsExactly(values(f.apply(new Tensor[] {x})[0]));
    }

    @Test
    void aPreActivationSomethingElseReadsIsNotFusedAway() {
        Tensor w = Tensor.randn(GEN, 8, 21), b = Tensor.randn(GEN, 21);
        Function<Tensor[], Tensor[]> f = in -> {
            Tensor pre = in[0].matmul(w).add(b);
            return new Tensor[] {pre.relu(), pre.exp()};
        };
        Graph g = Tracer.trace(f, Tensor.randn(GEN, 5, 8)).optimize();
        assertThat(ops(g)).contains("relu").doesNotContain("matmul(bias, relu)");
        Tensor x = Tensor.randn(GEN, 5, 8);
        Tensor[] eager = f.apply(new Tensor[] {x}), replay = g.compile().run(x);
        assertThat(values(replay[0])).containsExactly(values(eager[0]));
        assertThat(values(replay[1])).containsExactly(values(eager[1]));
    }

    @Test
    void aTrainingStepOfALinearReluNetFusesTheForwardAndReplaysLikeEagerStepsBitForBit() {
        Sequential eagerNet = net(2), graphNet = net(2);
        SGD eagerOpt = new SGD(eagerNet.parameters(), 0.05, new SGD.Hyper(0.9, 0, false, 0));
        SGD graphOpt = new SGD(graphNet.parameters(), 0.05, new SGD.Hyper(0.9, 0, false, 0));
        List<Tensor> xs = List.of(Tensor.randn(GEN, 64, 37), Tensor.randn(GEN, 64, 37), Tensor.randn(GEN, 64, 37));
        Function<Sequential, Function<SGD, Function<Tensor, Tensor>>> stepOf = net -> opt -> x -> {
            opt.zeroGrad(false);
            Tensor l = net.forward(x).square().mean();
            l.backward();
            try (var _ = GradMode.noGrad()) {
                opt.step();
            }
            return l.detach();
        };
        Function<Tensor, Tensor> eagerStep = stepOf.apply(eagerNet).apply(eagerOpt);
        Function<Tensor, Tensor> graphStep = stepOf.apply(graphNet).apply(graphOpt);
        double[] eagerLosses = new double[5], graphLosses = new double[5];
        for (int i = 0; i < 5; i++)
            eagerLosses[i] = eagerStep.apply(xs.get(i % 3)).item();
        graphLosses[0] = graphStep.apply(xs.get(0)).item(); // creates the gradients and the momentum
        Graph traced = Tracer.trace(in -> new Tensor[] {graphStep.apply(in[0])}, xs.get(1));
        graphLosses[1] = traced.tracedOutputs()[0].item();
        Graph optimized = traced.optimize();
        assertThat(ops(optimized)).contains("matmul(bias, relu)").doesNotContain("relu");
        assertThat(ops(optimized)).anyMatch(s -> s.contains("relu_backward"));
        CompiledGraph g = optimized.compile();
        for (int i = 2; i < 5; i++) graphLosses[i] = g.run(xs.get(i % 3))[0].item();
        assertThat(graphLosses).containsExactly(eagerLosses);
        for (int p = 0; p < eagerNet.parameters().size(); p++) {
            assertThat(values(graphNet.parameters().get(p)))
                    .containsExactly(values(eagerNet.parameters().get(p)));
        }
    }
}
