package dev.descent.cli;

import dev.descent.conformance.Conformance;
import dev.descent.conformance.Report;
import dev.descent.conformance.TorchOracle;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the randomized cross-check against PyTorch; ends with "N passed, M failed". */
@Command(
        name = "conform",
        mixinStandardHelpOptions = true,
        description = "Cross-check every op family against PyTorch on randomized cases (needs python3-torch).")
final class ConformCommand implements Callable<Integer> {

    @Option(
            names = "--cases",
            description = "How many cases to draw (default ${DEFAULT-VALUE}).",
            defaultValue = "3000")
    int cases;

    @Option(
            names = "--seed",
            description = "The seed the cases are drawn from (default ${DEFAULT-VALUE}).",
            defaultValue = "1")
    long seed;

    @Option(names = "--case", description = "Run only this case of the seed (as a failure's reproduction names it).")
    Integer only;

    @Option(
            names = "--replay",
            paramLabel = "JSON",
            description = "Run this one case, given as the JSON --json prints.")
    String replay;

    @Option(names = "--json", description = "Print each failure's case as a JSON line too (to edit and --replay).")
    boolean json;

    @Option(
            names = "--family",
            split = ",",
            description = "Only these families: ${COMPLETION-CANDIDATES}.",
            completionCandidates = Families.class)
    List<String> families;

    @Option(
            names = "--python",
            description = "The Python that has torch (default: $DESCENT_TORCH_PYTHON, else /usr/bin/python3).")
    String python;

    @Option(
            names = "--show",
            description = "How many failures to print in full (default ${DEFAULT-VALUE}).",
            defaultValue = "20")
    int show;

    @Override
    public Integer call() {
        if (cases < 1) throw new IllegalArgumentException("--cases must be at least 1, got " + cases);
        String py = python == null ? TorchOracle.python() : python;
        String missing = TorchOracle.unavailableReason(py);
        if (missing != null) throw new IllegalStateException(missing);
        Report report = Conformance.run(new Conformance.Options(
                seed,
                cases,
                families == null ? java.util.Set.of() : new LinkedHashSet<>(families),
                py,
                only == null ? -1 : only,
                replay));
        report.print(System.out, show, json);
        return report.failed() == 0 ? 0 : 1;
    }

    /** The family names, for --help. */
    static final class Families implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Conformance.familyNames().iterator();
        }
    }
}
