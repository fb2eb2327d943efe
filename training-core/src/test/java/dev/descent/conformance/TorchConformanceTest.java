package dev.descent.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The randomized cross-check against PyTorch (Debian's python3-torch under /usr/bin/python3, or DESCENT_TORCH_PYTHON):
 * every case must agree or differ only as {@link KnownDifference} documents. Skipped, with one line saying why, where
 * torch cannot be imported.
 */
class TorchConformanceTest {
    static final int CASES = 4000;
    static final long SEED = 20_26;

    @Test
    void descentAgreesWithPyTorchOnRandomizedCasesOfEveryOpFamily() {
        String python = TorchOracle.python();
        String missing = TorchOracle.unavailableReason(python);
        if (missing != null) System.out.println("TorchConformanceTest skipped: " + missing);
        assumeTrue(missing == null, missing);

        Report report = Conformance.run(new Conformance.Options(SEED, CASES, Set.of(), python, -1));
        report.print(System.out, 30);
        assertThat(report.total()).isEqualTo(CASES);
        assertThat(report.failed())
                .as("cases where Descent and PyTorch disagree (printed above)")
                .isZero();
    }
}
