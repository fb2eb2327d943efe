package dev.descent.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.platform.web.ApiProblem;
import dev.descent.spec.MetricPoint;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/** The metric point's JSON: what a client may post, and what the live stream sends. */
class MetricPointCodecTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void writesAPointAsTheStreamSendsIt() {
        MetricPoint p = new MetricPoint("val/accuracy", 812, 0.875, Instant.parse("2026-01-31T12:00:00.123456Z"));
        assertThat(MetricPointCodec.toJson(p).toString())
                .isEqualTo("{\"key\":\"val/accuracy\",\"step\":812,\"value\":0.875,"
                        + "\"timestamp\":\"2026-01-31T12:00:00.123456Z\"}");
    }

    @Test
    void readsABatchWithTimestampsAsIsoStringsEpochMillisOrNone() {
        List<MetricPoint> points = MetricPointCodec.readBatch(JSON.readTree("""
                [{"key": "train/loss", "step": 1, "value": 2.5, "timestamp": "2026-01-31T12:00:00Z"},
                 {"key": "train/loss", "step": 2, "value": 2, "timestamp": 1769860800000},
                 {"key": "lr", "step": 2, "value": 0.001}]"""));
        assertThat(points)
                .containsExactly(
                        new MetricPoint("train/loss", 1, 2.5, Instant.parse("2026-01-31T12:00:00Z")),
                        new MetricPoint("train/loss", 2, 2.0, Instant.ofEpochMilli(1769860800000L)),
                        new MetricPoint("lr", 2, 0.001, null));
    }

    @Test
    void aWrittenPointReadsBackAsItWas() {
        MetricPoint p = new MetricPoint("train/loss", 7, -1.25e-8, Instant.parse("2026-01-31T12:00:00.5Z"));
        assertThat(MetricPointCodec.readBatch(MetricPointCodec.toJson(List.of(p))))
                .containsExactly(p);
    }

    @Test
    void eachBadPointIsRefusedNamingItsIndexAndField() {
        refused("{}", "$");
        refused("[{\"key\": \"a\", \"step\": 1, \"value\": 1}, 3]", "[1]");
        refused("[{\"key\": \" \", \"step\": 1, \"value\": 1}]", "[0].key");
        refused("[{\"key\": \"" + "k".repeat(201) + "\", \"step\": 1, \"value\": 1}]", "[0].key");
        refused("[{\"key\": \"a\", \"step\": 1.5, \"value\": 1}]", "[0].step");
        refused("[{\"key\": \"a\", \"step\": -1, \"value\": 1}]", "[0].step");
        refused("[{\"key\": \"a\", \"step\": 1000000000000000001, \"value\": 1}]", "[0].step");
        refused("[{\"key\": \"a\", \"step\": 1, \"value\": \"1\"}]", "[0].value");
        refused("[{\"key\": \"a\", \"step\": 1, \"value\": 1, \"timestamp\": \"yesterday\"}]", "[0].timestamp");
        refused(
                "[{\"key\": \"a\", \"step\": 1, \"value\": 1, \"timestamp\": \"+10000-01-01T00:00:00Z\"}]",
                "[0].timestamp");
        refused("[{\"key\": \"a\", \"step\": 1, \"value\": 1, \"epoch\": 1}]", "[0].epoch");
    }

    @Test
    void aBatchLargerThanTheLimitIsTooLarge() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i <= MetricPointCodec.MAX_POINTS_PER_BATCH; i++)
            sb.append(i == 0 ? "" : ",")
                    .append("{\"key\":\"a\",\"step\":")
                    .append(i)
                    .append(",\"value\":1}");
        assertThatThrownBy(() ->
                        MetricPointCodec.readBatch(JSON.readTree(sb.append(']').toString())))
                .isInstanceOfSatisfying(
                        ApiProblem.class, p -> assertThat(p.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE));
    }

    private static void refused(String body, String field) {
        assertThatThrownBy(() -> MetricPointCodec.readBatch(JSON.readTree(body)))
                .as(body)
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(p.field()).isEqualTo(field);
                });
    }
}
