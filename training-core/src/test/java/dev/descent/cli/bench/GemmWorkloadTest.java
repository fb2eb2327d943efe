package dev.descent.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GemmWorkloadTest {

    private static CaseResult gflops(String name, double median) {
        return new CaseResult(name, "GFLOP/s", true, 1, new double[] {median}, median, 1 / median);
    }

    @Test
    void everyProductIsReportedAsAFractionOfThePeakMeasuredInTheSameRun() {
        Map<String, CaseResult> results = new LinkedHashMap<>();
        results.put(GemmWorkload.PEAK, gflops(GemmWorkload.PEAK, 400));
        results.put("1024x1024 @ 1024x1024", gflops("1024x1024 @ 1024x1024", 340));
        results.put("1x784 @ 784x250", gflops("1x784 @ 784x250", 20));
        Map<String, Double> d = new GemmWorkload().derived(results);
        assertThat(d).containsOnlyKeys("1024x1024 @ 1024x1024 / peak", "1x784 @ 784x250 / peak");
        assertThat(d.get("1024x1024 @ 1024x1024 / peak")).isCloseTo(0.85, within(1e-12));
        assertThat(d.get("1x784 @ 784x250 / peak")).isCloseTo(0.05, within(1e-12));
    }

    @Test
    void thePeakLoopComputesWhatItsChainsDefine() {
        // a <- a * 0.999999 + 1e-7, twelve chains starting at 1.0, 1.1 .. 2.1 (summing to 18.6) on every lane, stays
        // within 0.1% of its start over 1000 steps.
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        float s = FmaPeak.chains(1000) / lanes;
        assertThat(s).isBetween(18.6f * 0.998f, 18.6f * 1.0001f);
        try (FmaPeak peak = new FmaPeak(2)) {
            peak.run();
            assertThat(peak.gflopPerRun()).isGreaterThan(0);
            assertThat(peak.sink()).isPositive();
        }
    }
}
