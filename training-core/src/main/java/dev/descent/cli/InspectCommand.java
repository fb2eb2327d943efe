package dev.descent.cli;

import dev.descent.autograd.Dot;
import dev.descent.backend.DType;
import dev.descent.backend.Generator;
import dev.descent.graph.CompiledGraph;
import dev.descent.graph.Graph;
import dev.descent.graph.Tracer;
import dev.descent.loss.Loss;
import dev.descent.nn.Module;
import dev.descent.spec.LayerSummary;
import dev.descent.spec.ModelPlan;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.ModelSummary;
import dev.descent.tensor.Tensor;
import dev.descent.train.ModelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints a model's layer table: output shape and parameter count per layer. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Show a model's layers, output shapes and parameter counts.")
final class InspectCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            required = true,
            description = "A built-in model (keras-mlp, scratch-mlp, lenet, lenet5, curve-fit) or a spec JSON file.")
    String model;

    @Option(
            names = "--dot",
            description =
                    "Also write the autograd graph of one training step (forward and loss) as Graphviz DOT to this file.")
    Path dot;

    @Option(
            names = "--graph",
            description = "Print the optimised graph IR of one training step (forward, loss, backward) as --mode graph"
                    + " replays it; with --dot, write that graph as DOT instead of the autograd graph.")
    boolean graph;

    @Option(
            names = "--batch-size",
            defaultValue = "32",
            description = "With --graph: the batch the step is traced with. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Override
    public Integer call() throws IOException {
        ModelSpec spec = ModelArg.resolve(model);
        ModelSummary summary = ModelPlan.of(spec).summary();
        if (dot != null) FileArgs.checkWritable("--dot", dot);
        if (graph) {
            if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
            printGraph(spec);
            return 0;
        }
        if (dot != null) writeGraph(spec);
        System.out.println(spec.name() + "  input " + Arrays.toString(spec.input()) + "  loss " + spec.loss());
        System.out.printf(Locale.ROOT, "%-4s %-22s %-20s %12s%n", "#", "layer", "output shape", "params");
        for (LayerSummary l : summary.layers()) {
            System.out.printf(
                    Locale.ROOT,
                    "%-4d %-22s %-20s %,12d%n",
                    l.index(),
                    l.type(),
                    Arrays.toString(l.outputShape()),
                    l.params());
        }
        System.out.printf(Locale.ROOT, "total parameters: %,d%n", summary.totalParams());
        return 0;
    }

    /** Traces one training step at {@link #batchSize}, optimises it and prints the IR (and DOT when asked). */
    private void printGraph(ModelSpec spec) throws IOException {
        Module net = ModelBuilder.build(spec, new Generator(0));
        Loss loss = ModelBuilder.loss(spec);
        int[] shape = new int[spec.input().length + 1];
        shape[0] = batchSize;
        System.arraycopy(spec.input(), 0, shape, 1, spec.input().length);
        Tensor x = Tensor.randn(new Generator(1), shape);
        boolean classes = spec.loss().equals("cross_entropy") || spec.loss().equals("nll");
        Tensor target = classes
                ? Tensor.zeros(DType.INT64, batchSize)
                : Tensor.zeros(net.forward(x).sizes());
        Function<Tensor[], Tensor[]> step = in -> {
            Tensor l = loss.apply(net.forward(in[0]), in[1]);
            l.backward();
            return new Tensor[] {l.detach()};
        };
        Tensor[] _ = step.apply(new Tensor[] {x, target}); // as training does: the first step makes the gradients
        Graph traced = Tracer.trace(step, x, target);
        Graph optimised = traced.optimize();
        CompiledGraph compiled = optimised.compile();
        System.out.print(optimised);
        System.out.println("passes: " + traced.size() + " kernel calls traced, " + optimised.size()
                + " after constant folding, CSE, dead-code elimination and fusion; memory plan: "
                + compiled.memoryPlan());
        traced.warnings().forEach(w -> System.out.println("warning: " + w));
        if (dot != null) {
            Files.writeString(dot, optimised.toDot());
            System.out.println("graph IR written to " + dot + "; render it with: dot -Tsvg " + dot + " -o graph.svg");
        }
    }

    /** One sample through the model and its loss, exported as DOT (render with {@code dot -Tpng}). */
    private void writeGraph(ModelSpec spec) throws IOException {
        Module net = ModelBuilder.build(spec, new Generator(0));
        int[] shape = new int[spec.input().length + 1];
        shape[0] = 1;
        System.arraycopy(spec.input(), 0, shape, 1, spec.input().length);
        Tensor out = net.forward(Tensor.zeros(shape));
        boolean classes = spec.loss().equals("cross_entropy") || spec.loss().equals("nll");
        Tensor target = classes ? Tensor.zeros(DType.INT64, 1) : Tensor.zeros(out.sizes());
        Tensor loss = ModelBuilder.loss(spec).apply(out, target);
        IdentityHashMap<Tensor, String> names = new IdentityHashMap<>();
        net.namedParameters().forEach((name, p) -> names.put(p, name));
        Files.writeString(dot, Dot.export(loss, names));
        System.out.println("graph of one training step written to " + dot + "; render it with: dot -Tpng " + dot
                + " -o graph.png");
    }
}
