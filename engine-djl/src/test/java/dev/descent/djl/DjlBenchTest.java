package dev.descent.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.descent.data.ImageDatasets;
import dev.descent.testing.CliRun;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code descent bench --engines native,djl} reaches the djl engine through ServiceLoader and compares the two. */
class DjlBenchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void natives() {
        assumeThat(DjlEngine.unavailableReason()).as("libtorch natives").isNull();
        assumeThat(Files.isDirectory(ImageDatasets.FASHION_MNIST_DIR))
                .as("Fashion-MNIST in " + ImageDatasets.FASHION_MNIST_DIR)
                .isTrue();
    }

    @Test
    void oneJsonLinePerWorkloadWithBothEnginesAndTheRatio() {
        String[] properties = {"descent.threads", DjlRuntime.THREADS_PROPERTY};
        String[] saved = {System.getProperty(properties[0]), System.getProperty(properties[1])};
        CliRun run;
        try {
            run = CliRun.run(
                    "bench",
                    "--workload",
                    "scratch-online,gemm",
                    "--engines",
                    "native,djl",
                    "--repeats",
                    "1",
                    "--warmup",
                    "0",
                    "--threads",
                    "1");
        } finally {
            for (int i = 0; i < properties.length; i++) {
                if (saved[i] == null) System.clearProperty(properties[i]);
                else System.setProperty(properties[i], saved[i]);
            }
        }
        assertThat(run.code()).as(run.err()).isZero();
        List<JsonNode> lines = run.out().strip().lines().map(JSON::readTree).toList();
        assertThat(lines).extracting(l -> l.get("workload").asString()).containsExactly("scratch-online", "gemm");
        JsonNode online = lines.getFirst();
        assertThat(online.get("engines").get("djl").asString())
                .startsWith("libtorch 2.7.1 cpu through DJL (1 threads)");
        assertThat(online.get("method").asString()).contains("1000 steps of batch 1");
        JsonNode update = online.get("cases").get(0);
        assertThat(update.get("unit").asString()).isEqualTo("updates/s");
        double nativeRate = update.get("median").get("native").asDouble(),
                djlRate = update.get("median").get("djl").asDouble();
        assertThat(nativeRate).isPositive();
        assertThat(djlRate).isPositive();
        assertThat(update.get("ratio_native_over_djl").asDouble())
                .isCloseTo(nativeRate / djlRate, org.assertj.core.api.Assertions.within(0.01 * nativeRate / djlRate));
        assertThat(lines.get(1).get("cases")).hasSize(2);
        assertThat(lines.get(1).get("cases").get(0).get("name").asString()).isEqualTo("1024x1024 @ 1024x1024");
        assertThat(lines.get(1).get("load_average").get("end")).hasSize(3);
    }
}
