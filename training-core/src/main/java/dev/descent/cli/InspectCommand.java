package dev.descent.cli;

import dev.descent.train.LayerSummary;
import dev.descent.train.ModelSpec;
import dev.descent.train.ModelSummary;
import dev.descent.train.ModelBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Prints a model's layer table: output shape and parameter count per layer. */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show a model's layers, output shapes and parameter counts.")
final class InspectCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "A built-in model (keras-mlp, scratch-mlp, lenet, curve-fit) or a spec JSON file.")
    String model;

    @Override public Integer call() {
        ModelSpec spec = ModelArg.resolve(model);
        ModelSummary summary = ModelBuilder.summarize(spec);
        System.out.println(spec.name() + "  input " + Arrays.toString(spec.input()) + "  loss " + spec.loss());
        System.out.printf(Locale.ROOT, "%-4s %-22s %-20s %12s%n", "#", "layer", "output shape", "params");
        for (LayerSummary l : summary.layers()) {
            System.out.printf(Locale.ROOT, "%-4d %-22s %-20s %,12d%n", l.index(), l.type(), Arrays.toString(l.outputShape()), l.params());
        }
        System.out.printf(Locale.ROOT, "total parameters: %,d%n", summary.totalParams());
        return 0;
    }
}
