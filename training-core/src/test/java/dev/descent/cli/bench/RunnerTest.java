package dev.descent.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunnerTest {

    /** Busy-waits about the given microseconds, so a case has a known cost. */
    private static void spin(long micros) {
        long end = System.nanoTime() + micros * 1000;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }

    private static Workload workload(List<BenchCase> cases) {
        return new Workload() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public String description() {
                return "cases with a known cost";
            }

            @Override
            public List<BenchCase> prepare() {
                return cases;
            }

            @Override
            public Map<String, Double> derived(Map<String, CaseResult> results) {
                return Map.of(
                        "ratio",
                        results.get("slow").medianSecondsPerRun()
                                / results.get("fast").medianSecondsPerRun());
            }
        };
    }

    @Test
    void samplesEveryCaseTheRequestedNumberOfTimesAndReportsTheMedian() {
        AtomicInteger fastRuns = new AtomicInteger();
        List<BenchCase> cases = List.of(
                BenchCase.throughput("fast", "GB", 0.001, () -> {
                    fastRuns.incrementAndGet();
                    spin(200);
                }),
                BenchCase.latency("slow", () -> spin(2000)));
        List<String> log = new ArrayList<>();
        Map<String, CaseResult> results = new Runner(2, 5, 0.004, 0.05, log::add).run(workload(cases));

        CaseResult fast = results.get("fast"), slow = results.get("slow");
        assertThat(fast.samples()).hasSize(5);
        assertThat(slow.samples()).hasSize(5);
        assertThat(fast.unit()).isEqualTo("GB/s");
        assertThat(slow.unit()).isEqualTo("us");
        // Fast runs are batched into samples; every timed sample ran the batch.
        assertThat(fast.runsPerSample()).isGreaterThanOrEqualTo(1);
        assertThat(fastRuns.get()).isGreaterThanOrEqualTo(fast.runsPerSample() * 5);
        // Spinning never finishes early: the latency is at least 2000 us, and 0.001 GB per >= 200 us caps the rate.
        assertThat(slow.median()).isGreaterThanOrEqualTo(2000);
        assertThat(fast.median()).isLessThanOrEqualTo(0.001 / 200e-6 + 1e-9);
        assertThat(fast.best()).isGreaterThanOrEqualTo(fast.median());
        assertThat(slow.best()).isLessThanOrEqualTo(slow.median());
        assertThat(CaseResult.median(slow.samples())).isCloseTo(slow.median(), within(1e-6 * slow.median()));
        assertThat(log)
                .hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("fast").contains("GB/s"));
    }

    @Test
    void medianOfAnEvenCountAveragesTheMiddleTwo() {
        assertThat(CaseResult.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(CaseResult.median(new double[] {5, 1, 3})).isEqualTo(3);
    }

    @Test
    void rejectsMeaninglessSettings() {
        assertThatThrownBy(() -> new Runner(0, 0, 0.01, s -> {})).hasMessageContaining("repeats must be >= 1, got 0");
        assertThatThrownBy(() -> new Runner(-1, 3, 0.01, s -> {}))
                .hasMessageContaining("warm-up repeats must be >= 0, got -1");
        assertThatThrownBy(() -> BenchCase.throughput("x", "GB", 0, () -> {}))
                .hasMessageContaining("work per run must be > 0");
    }

    @Test
    void resolvesWorkloadNamesAndRejectsUnknownOnes() {
        assertThat(Workloads.resolve("all")).extracting(Workload::name).containsExactly("gemm", "elementwise");
        assertThat(Workloads.resolve("elementwise, gemm,gemm"))
                .extracting(Workload::name)
                .containsExactly("elementwise", "gemm");
        assertThatThrownBy(() -> Workloads.resolve("gemm,nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown workload 'nope'")
                .hasMessageContaining("gemm")
                .hasMessageContaining("elementwise");
    }
}
