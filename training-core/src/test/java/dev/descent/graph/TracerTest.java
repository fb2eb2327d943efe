package dev.descent.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.autograd.GradMode;
import dev.descent.backend.Generator;
import dev.descent.optim.SGD;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TracerTest {
    private static final Generator GEN = new Generator(3);

    private static float[] values(Tensor t) {
        return t.contiguous().toFloatArray();
    }

    @Test
    void aReplayedForwardPassGivesTheEagerResultBitForBitOnNewInputs() {
        Tensor w = Tensor.randn(GEN, 8, 5), b = Tensor.randn(GEN, 5);
        Function<Tensor[], Tensor[]> f =
                in -> new Tensor[] {in[0].matmul(w).add(b).relu().mul(2).sum()};
        CompiledGraph g = Graph.compile(f, Tensor.randn(GEN, 4, 8));
        Tensor x = Tensor.randn(GEN, 4, 8);
        Tensor eager = f.apply(new Tensor[] {x})[0];
        assertThat(values(g.run(x)[0])).containsExactly(values(eager));
    }

    @Test
    void aReplayOfAnotherShapeFailsNamingTheInputAndBothShapes() {
        CompiledGraph g = Graph.compile(in -> new Tensor[] {in[0].exp()}, Tensor.randn(GEN, 4, 8));
        assertThat(g.accepts(Tensor.randn(GEN, 3, 8))).isFalse();
        assertThatThrownBy(() -> g.run(Tensor.randn(GEN, 3, 8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input 0 has shape [3, 8]")
                .hasMessageContaining("traced with [4, 8]");
    }

    @Test
    void aValueReadBackDuringTheTraceIsReportedAsFrozenControlFlow() {
        Graph g = Tracer.trace(in -> new Tensor[] {in[0].sum().item() > 0 ? in[0].exp() : in[0].neg()}, Tensor.ones(3));
        assertThat(g.warnings())
                .singleElement()
                .asString()
                .contains("read back")
                .contains("frozen at trace time");
    }

    @Test
    void deadCodeEliminationDropsWhatNoOutputNeeds() {
        Graph g = Tracer.trace(
                in -> {
                    in[0].exp(); // computed and dropped
                    return new Tensor[] {in[0].neg()};
                },
                Tensor.ones(3));
        Graph opt = Passes.deadCode(g);
        assertThat(g.nodes()).extracting(KernelCall::op).contains("exp");
        assertThat(opt.nodes()).extracting(KernelCall::op).containsExactly("neg");
    }

    @Test
    void commonSubexpressionsRunOnce() {
        Graph g = Tracer.trace(in -> new Tensor[] {in[0].exp().add(in[0].exp())}, Tensor.randn(GEN, 3));
        Graph opt = Passes.deadCode(Passes.commonSubexpressions(g));
        assertThat(opt.nodes()).extracting(KernelCall::op).containsExactly("exp", "add");
        Tensor x = Tensor.randn(GEN, 3);
        assertThat(values(opt.compile().run(x)[0]))
                .containsExactly(values(x.exp().add(x.exp())));
    }

    @Test
    void constantsAreFoldedAtOptimisationTime() {
        Graph g = Tracer.trace(
                in -> new Tensor[] {
                    in[0].mul(Tensor.fromArray(new float[] {2f}, 1).exp())
                },
                Tensor.randn(GEN, 3));
        Graph opt = Passes.foldConstants(g);
        assertThat(g.nodes()).extracting(KernelCall::op).contains("exp");
        assertThat(opt.nodes()).extracting(KernelCall::op).doesNotContain("exp");
        Tensor x = Tensor.randn(GEN, 3);
        assertThat(values(opt.compile().run(x)[0]))
                .containsExactly(
                        values(x.mul(Tensor.fromArray(new float[] {2f}, 1).exp())));
    }

    @Test
    void aChainOfPointwiseOpsOverLargeTensorsFusesIntoOneNodeWithTheSameBits() {
        Function<Tensor[], Tensor[]> f =
                in -> new Tensor[] {in[0].mul(3).add(in[1]).sigmoid().mul(in[1]).exp()};
        Tensor a = Tensor.randn(GEN, 64, 1024), b = Tensor.randn(GEN, 64, 1024);
        Graph g = Tracer.trace(f, a, b).optimize();
        assertThat(g.nodes()).extracting(KernelCall::op).contains("fused");
        assertThat(g.toString()).contains("fused(").contains("sigmoid");
        Tensor x = Tensor.randn(GEN, 64, 1024), y = Tensor.randn(GEN, 64, 1024);
        assertThat(values(g.compile().run(x, y)[0])).containsExactly(values(f.apply(new Tensor[] {x, y})[0]));
    }

    @Test
    void theMemoryPlanSharesBuffersBetweenTemporariesThatDoNotOverlap() {
        Function<Tensor[], Tensor[]> f = in -> {
            Tensor t = in[0];
            for (int i = 0; i < 6; i++) t = t.exp().neg();
            return new Tensor[] {t.sum()};
        };
        CompiledGraph g = Tracer.trace(f, Tensor.randn(GEN, 16)).compile();
        assertThat(g.memoryPlan()).startsWith("12 temporaries in 2 reused buffers");
        Tensor x = Tensor.randn(GEN, 16);
        float[] expected = values(f.apply(new Tensor[] {x})[0]);
        assertThat(values(g.run(x)[0])).containsExactly(expected);
        assertThat(values(g.run(x)[0]))
                .as("a second replay over the reused buffers")
                .containsExactly(expected);
    }

    @Test
    void aWholeTrainingStepWithBackwardAndUpdateReplaysLikeEagerSteps() {
        Function<Tensor[], Tensor[]> step;
        Tensor[] eagerW = {Tensor.randn(new Generator(5), 6, 3).requiresGrad_()};
        Tensor[] graphW = {eagerW[0].detach().clone().requiresGrad_()};
        List<Tensor> xs = List.of(Tensor.randn(GEN, 4, 6), Tensor.randn(GEN, 4, 6), Tensor.randn(GEN, 4, 6));
        SGD eagerOpt = new SGD(List.of(eagerW[0]), 0.1, new SGD.Hyper(0.9, 0, false, 0));
        SGD graphOpt = new SGD(List.of(graphW[0]), 0.1, new SGD.Hyper(0.9, 0, false, 0));
        step = in -> {
            graphOpt.zeroGrad(false);
            Tensor l = in[0].matmul(graphW[0]).tanh().square().mean();
            l.backward();
            try (var _ = GradMode.noGrad()) {
                graphOpt.step();
            }
            return new Tensor[] {l.detach()};
        };
        double[] eagerLosses = new double[4], graphLosses = new double[4];
        for (int i = 0; i < 4; i++) {
            eagerOpt.zeroGrad(false);
            Tensor l = xs.get(i % 3).matmul(eagerW[0]).tanh().square().mean();
            l.backward();
            try (var _ = GradMode.noGrad()) {
                eagerOpt.step();
            }
            eagerLosses[i] = l.item();
        }
        graphLosses[0] = step.apply(new Tensor[] {xs.get(0)})[0].item(); // creates grads and momentum
        Graph traced = Tracer.trace(step, xs.get(1));
        graphLosses[1] = traced.tracedOutputs()[0].item();
        CompiledGraph g = traced.optimize().compile();
        assertThat(traced.nodes()).extracting(KernelCall::op).contains("matmul", "tanh_backward");
        for (int i = 2; i < 4; i++) graphLosses[i] = g.run(xs.get(i % 3))[0].item();
        assertThat(graphLosses).containsExactly(eagerLosses);
        assertThat(values(graphW[0])).containsExactly(values(eagerW[0]));
    }

    @Test
    void theIrPrintsOneNodeALineAndExportsDot() {
        Graph g = Tracer.trace(in -> new Tensor[] {in[0].exp().add(1)}, Tensor.ones(2, 3))
                .optimize();
        assertThat(g.toString()).contains("graph(in0:float32[2, 3])").contains("= exp(in0:float32[2, 3])");
        assertThat(g.toDot()).startsWith("digraph descent {").contains("label=\"exp\"");
    }
}
