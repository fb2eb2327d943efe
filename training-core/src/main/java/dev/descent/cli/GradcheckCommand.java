package dev.descent.cli;

import dev.descent.autograd.GradCheck;
import dev.descent.backend.Backends;
import dev.descent.gradcheck.GradCheckCase;
import dev.descent.gradcheck.GradCheckSuite;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the finite-difference gradient check of every differentiable op; ends with "N passed, M failed". */
@Command(
        name = "gradcheck",
        mixinStandardHelpOptions = true,
        description = "Check every op's backward against finite differences in float64.")
final class GradcheckCommand implements Callable<Integer> {

    @Option(names = "--op", description = "Only the checks whose name contains this text.")
    String filter;

    @Option(
            names = "--device",
            defaultValue = "cpu",
            description = "The backend the checks compute on: cpu | cuda | auto (default ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() {
        Backends.setDefault(Backends.forDevice(device));
        System.out.println("gradcheck on " + Backends.getDefault().describe());
        List<GradCheckCase> cases = GradCheckSuite.all().stream()
                .filter(c -> filter == null || c.name().contains(filter))
                .toList();
        if (cases.isEmpty()) throw new IllegalArgumentException("no gradient check matches '" + filter + "'");
        int passed = 0, failed = 0;
        for (GradCheckCase c : cases) {
            GradCheck.Result r;
            try {
                r = c.run();
            } catch (RuntimeException e) {
                r = new GradCheck.Result(false, Double.NaN, "threw " + e);
            }
            if (r.passed()) passed++;
            else failed++;
            System.out.printf(
                    Locale.ROOT,
                    "%-28s %s  max error %.2e%s%n",
                    c.name(),
                    r.passed() ? "ok  " : "FAIL",
                    r.maxError(),
                    r.passed() ? "" : "  (" + r.detail() + ")");
        }
        System.out.println(passed + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }
}
