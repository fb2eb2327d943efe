package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.cli.bench.BenchCase;
import dev.descent.cli.bench.CaseResult;
import dev.descent.cli.bench.Runner;
import dev.descent.cli.bench.Workload;
import dev.descent.testing.CliRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class BenchCommandTest {

    /** Runs the CLI through {@link CliRun#run}, putting back the descent.threads property that --engines sets. */
    private static CliRun cli(String... args) {
        String threads = System.getProperty("descent.threads");
        try {
            return CliRun.run(args);
        } finally {
            if (threads == null) System.clearProperty("descent.threads");
            else System.setProperty("descent.threads", threads);
        }
    }

    @Test
    void unknownWorkloadIsAUsageErrorNamingTheChoices() {
        CliRun r = cli("bench", "--workload", "resnet");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("unknown workload 'resnet'")
                .contains("gemm")
                .contains("elementwise");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void nonPositiveRepeatsAreRejected() {
        CliRun r = cli("bench", "--workload", "gemm", "--repeats", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--repeats must be >= 1, got 0");
    }

    @Test
    void reportIsOneJsonObjectWithMediansAndRawSamples() {
        Workload w = new Workload() {
            @Override
            public String name() {
                return "tiny";
            }

            @Override
            public String description() {
                return "a case that does almost nothing";
            }

            @Override
            public List<BenchCase> prepare() {
                return List.of(BenchCase.throughput("nothing", "GFLOP", 1e-6, () -> Math.sqrt(2)));
            }

            @Override
            public Map<String, Double> derived(Map<String, CaseResult> results) {
                return Map.of("twice", 2.0);
            }
        };
        Map<String, CaseResult> results = new Runner(0, 4, 0.001, s -> {}).run(w);
        String line = BenchCommand.report(w, "cpu (test)", 1, 4, results).toString();

        assertThat(line).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("workload").asString()).isEqualTo("tiny");
        assertThat(json.get("backend").asString()).isEqualTo("cpu (test)");
        assertThat(json.get("repeats").asInt()).isEqualTo(4);
        JsonNode c = json.get("cases").get(0);
        assertThat(c.get("name").asString()).isEqualTo("nothing");
        assertThat(c.get("unit").asString()).isEqualTo("GFLOP/s");
        assertThat(c.get("samples")).hasSize(4);
        assertThat(c.get("median").asDouble()).isPositive();
        assertThat(json.get("derived").get("twice").asDouble()).isEqualTo(2.0);
    }

    @Test
    void theCommandLineComparesTheNativeEngineAloneAndNamesWhatIsMissing() {
        CliRun r = cli("bench", "--workload", "gemm", "--engines", "native", "--repeats", "2", "--warmup", "0");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        JsonNode line = new ObjectMapper().readTree(r.out().strip());
        assertThat(line.get("workload").asString()).isEqualTo("gemm");
        assertThat(line.get("cases")).hasSize(2);
        assertThat(line.get("cases").get(0).get("median").get("native").asDouble())
                .isPositive();
        assertThat(line.get("cases").get(0).has("ratio_native_over_djl")).isFalse();

        CliRun missing = cli("bench", "--workload", "gemm", "--engines", "native,tpu");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--engines: no engine 'tpu' on the class path; available: [native");

        CliRun unknown = cli("bench", "--workload", "elementwise", "--engines", "native");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err())
                .contains(
                        "unknown workload 'elementwise' for --engines; expected all or one of [keras-mlp, scratch-online, lenet, gemm]");
    }

    @Test
    void threadCountsAreAListOfPositiveWholeNumbers() {
        assertThat(BenchCommand.threadCounts("1,2,2", null)).containsExactly(1, 2);
        assertThat(BenchCommand.threadCounts(null, 2)).containsExactly(2);
        assertThatThrownBy(() -> BenchCommand.threadCounts("1,x", null))
                .hasMessage("--threads needs whole numbers, e.g. 1,2; got '1,x'");
        assertThatThrownBy(() -> BenchCommand.threadCounts("0", null)).hasMessage("--threads must be >= 1, got 0");
    }
}
