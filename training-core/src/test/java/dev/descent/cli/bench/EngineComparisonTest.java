package dev.descent.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class EngineComparisonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An engine that computes nothing; its samples are the workload's. */
    private record FakeTarget(String name) implements BenchTarget {
        @Override
        public void useThreads(int threads) {}

        @Override
        public String describe() {
            return name + " (fake)";
        }

        @Override
        public Product matmul(float[] a, float[] b, int m, int k, int n) {
            throw new UnsupportedOperationException();
        }
    }

    /** One case whose samples return fixed figures per engine and log who measured when. */
    private static EngineWorkload workload(Map<String, double[]> figures, List<String> calls, List<String> closed) {
        return new EngineWorkload() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public String description() {
                return "fixed figures";
            }

            @Override
            public String method() {
                return "none";
            }

            @Override
            public List<EngineCase> prepare(List<BenchTarget> engines) {
                Map<String, EngineCase.Sample> samples = new LinkedHashMap<>();
                for (BenchTarget e : engines) {
                    int[] next = {0};
                    samples.put(e.name(), new EngineCase.Sample() {
                        @Override
                        public double measure() {
                            calls.add(e.name());
                            double[] f = figures.get(e.name());
                            return f[Math.min(next[0]++, f.length - 1)];
                        }

                        @Override
                        public void close() {
                            closed.add(e.name());
                        }
                    });
                }
                return List.of(new EngineCase("case", "s/epoch", false, samples));
            }
        };
    }

    @Test
    void enginesWarmUpThenTakeTurnsInAlternatingOrderAndTheLineHasMediansAndTheRatio() {
        List<String> calls = new ArrayList<>(), closed = new ArrayList<>();
        // Each engine's first sample is its warm-up and is not reported.
        Map<String, double[]> figures =
                Map.of("native", new double[] {99, 3, 1, 2, 5}, "djl", new double[] {99, 4, 4, 2, 8});
        StringWriter out = new StringWriter();
        List<String> log = new ArrayList<>();
        new EngineComparison(1, 4, 2, 0, log::add)
                .run(
                        List.of(workload(figures, calls, closed)),
                        List.of(new FakeTarget("native"), new FakeTarget("djl")),
                        new LoadAverage(0.2, 0.3, 0.4),
                        new PrintWriter(out));

        assertThat(calls)
                .containsExactly("native", "djl", "native", "djl", "djl", "native", "native", "djl", "djl", "native");
        assertThat(closed).containsExactlyInAnyOrder("native", "djl");
        JsonNode line = JSON.readTree(out.toString().strip());
        assertThat(line.get("workload").asString()).isEqualTo("fake");
        assertThat(line.get("threads").asInt()).isEqualTo(2);
        assertThat(line.get("engines").get("djl").asString()).isEqualTo("djl (fake)");
        JsonNode c = line.get("cases").get(0);
        assertThat(c.get("median").get("native").asDouble()).isEqualTo(2.5);
        assertThat(c.get("median").get("djl").asDouble()).isEqualTo(4);
        assertThat(c.get("ratio_native_over_djl").asDouble()).isEqualTo(0.625);
        assertThat(c.get("samples").get("native").toString()).isEqualTo("[3.0,1.0,2.0,5.0]");
        assertThat(line.get("load_average").get("before_bench").get(0).asDouble())
                .isEqualTo(0.2);
        assertThat(line.get("load_average").has("bench_cores")).isTrue();
        assertThat(log).anyMatch(l -> l.contains("native/djl 0.625"));
    }

    /** An engine that cannot run here, as PyTorch is where Python has no torch. */
    private record MissingTarget(String name, boolean optional) implements BenchTarget {

        @Override
        public String unavailableReason() {
            return name + ": skipped, import torch failed";
        }

        @Override
        public void useThreads(int threads) {}

        @Override
        public String describe() {
            return name + " (missing)";
        }

        @Override
        public Product matmul(float[] a, float[] b, int m, int k, int n) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void everyOtherEngineGetsItsRatioAMissingOptionalEngineIsSkippedInOneLineAndPeakMemoryIsReported() {
        List<String> calls = new ArrayList<>(), closed = new ArrayList<>();
        Map<String, double[]> figures =
                Map.of("native", new double[] {2}, "djl", new double[] {4}, "pytorch", new double[] {8});
        StringWriter out = new StringWriter();
        List<String> log = new ArrayList<>();
        new EngineComparison(0, 1, 1, 0, log::add)
                .run(
                        List.of(workload(figures, calls, closed)),
                        List.of(new FakeTarget("native"), new MissingTarget("torch2", true), new FakeTarget("pytorch")),
                        new LoadAverage(0.2, 0.3, 0.4),
                        new PrintWriter(out));
        assertThat(log).filteredOn(l -> l.contains("torch2")).containsExactly("torch2: skipped, import torch failed");
        JsonNode line = JSON.readTree(out.toString().strip());
        JsonNode c = line.get("cases").get(0);
        assertThat(c.get("median").has("torch2")).isFalse();
        assertThat(c.get("ratio_native_over_pytorch").asDouble()).isEqualTo(0.25);
        assertThat(line.get("peak_rss_mb").get("jvm (native+pytorch)").asDouble())
                .isGreaterThan(1);
    }

    @Test
    void aMissingEngineThatIsNotOptionalStopsTheBench() {
        assertThatThrownBy(() -> new EngineComparison(0, 1, 1, 0, l -> {})
                        .run(
                                List.of(workload(Map.of(), new ArrayList<>(), new ArrayList<>())),
                                List.of(new FakeTarget("native"), new MissingTarget("djl", false)),
                                new LoadAverage(0.2, 0.3, 0.4),
                                new PrintWriter(new StringWriter())))
                .hasMessage("djl: skipped, import torch failed");
    }

    @Test
    void aBusyMachineIsSaidInTheLine() {
        var quiet = new EngineComparison.Load(
                new LoadAverage(0.3, 0.3, 0.3), new LoadAverage(0.3, 0.3, 0.3), new LoadAverage(2.2, 1, 1), 2.0);
        var busyBefore = new EngineComparison.Load(
                new LoadAverage(3.5, 3, 3), new LoadAverage(3.5, 3, 3), new LoadAverage(3.9, 3, 3), 2.0);
        var busyDuring = new EngineComparison.Load(
                new LoadAverage(0.3, 0.3, 0.3), new LoadAverage(1, 1, 1), new LoadAverage(4.1, 2, 1), 2.0);
        assertThat(quiet.busy()).isFalse();
        assertThat(quiet.others()).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(busyBefore.busy()).isTrue();
        assertThat(busyDuring.busy()).isTrue();

        EngineComparison comparison = new EngineComparison(0, 1, 2, l -> {});
        JsonNode line = comparison.report(
                workload(Map.of("native", new double[] {1}), new ArrayList<>(), new ArrayList<>()),
                List.of(),
                List.of(),
                Map.of(),
                busyBefore);
        assertThat(line.get("warning").asString())
                .startsWith("the machine was busy: load average 3.50 before the bench")
                .contains("not meaningful");
        assertThat(comparison
                        .report(
                                workload(Map.of(), new ArrayList<>(), new ArrayList<>()),
                                List.of(),
                                List.of(),
                                Map.of(),
                                quiet)
                        .has("warning"))
                .isFalse();
    }

    @Test
    void countsMustBeSensible() {
        assertThatThrownBy(() -> new EngineComparison(0, 1, 0, l -> {})).hasMessage("--threads must be >= 1, got 0");
        assertThatThrownBy(() -> new EngineComparison(0, 0, 2, l -> {})).hasMessage("--repeats must be >= 1, got 0");
        assertThatThrownBy(() -> EngineComparison.engines(" , ")).hasMessageContaining("--engines needs engine names");
    }
}
