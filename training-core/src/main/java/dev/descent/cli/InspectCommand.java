package dev.descent.cli;

import dev.descent.autograd.Dot;
import dev.descent.backend.DType;
import dev.descent.backend.Generator;
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

    @Override
    public Integer call() throws IOException {
        ModelSpec spec = ModelArg.resolve(model);
        ModelSummary summary = ModelPlan.of(spec).summary();
        if (dot != null) {
            FileArgs.checkWritable("--dot", dot);
            writeGraph(spec);
        }
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
